// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in vmlinux for 4.19: the types pfwhy reads, declared as 4.19
 * declares them (member order, member types, anonymous unions), and the
 * symbols it looks up.  Compiled with gcc -g and linked at the kernel's
 * addresses (vmlinux.lds), it gives the synthetic-image tests 4.19's DWARF
 * where no 4.19 kernel is at hand.  Members pfwhy does not read are left
 * out where nothing depends on them, so offsets are this file's, not a real
 * build's: pfwhy takes every offset from the DWARF, never from a layout.
 * Compiled for aarch64 (aarch64-linux-gnu-gcc, vmlinux-arm64 in the
 * Makefile) the same declarations give an arm64 kernel of the same era:
 * the arch/arm64 types and symbols below replace the x86 ones.
 * Cited: Linux 4.19 (4.19.72 unless a line says otherwise).
 */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;
typedef int pid_t;
typedef unsigned int gfp_t;
typedef unsigned long pgoff_t;
typedef long long loff_t;
typedef unsigned int dev_t;
typedef unsigned int vm_fault_t;

/* include/linux/types.h */
typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef atomic64_t atomic_long_t;
struct list_head { struct list_head *next, *prev; };
struct rb_node { unsigned long __rb_parent_color; struct rb_node *rb_right, *rb_left; };
struct rb_root { struct rb_node *rb_node; };
struct rb_root_cached { struct rb_root rb_root; struct rb_node *rb_leftmost; };
struct rcu_head { struct rcu_head *next; void (*func)(struct rcu_head *head); };
typedef struct { unsigned int lock; } spinlock_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct { unsigned long pgd; } pgd_t;

/* include/linux/rwsem.h: the x86-64 xadd rwsem (count >= 0: no writer) */
struct rw_semaphore {
	atomic_long_t count;
	struct list_head wait_list;
	spinlock_t wait_lock;
	struct task_struct *owner;
};

/* include/linux/radix-tree.h :92-116 */
#define RADIX_TREE_MAX_TAGS 3
#define RADIX_TREE_MAP_SHIFT 6		/* :71, !CONFIG_BASE_SMALL */
#define RADIX_TREE_MAP_SIZE (1UL << RADIX_TREE_MAP_SHIFT)
#define RADIX_TREE_TAG_LONGS 1
struct radix_tree_root;
struct radix_tree_node {
	unsigned char shift;
	unsigned char offset;
	unsigned char count;
	unsigned char exceptional;
	struct radix_tree_node *parent;
	struct radix_tree_root *root;
	union {
		struct list_head private_list;
		struct rcu_head rcu_head;
	};
	void *slots[RADIX_TREE_MAP_SIZE];
	unsigned long tags[RADIX_TREE_MAX_TAGS][RADIX_TREE_TAG_LONGS];
};
struct radix_tree_root {
	spinlock_t xa_lock;
	gfp_t gfp_mask;
	struct radix_tree_node *rnode;
};

/* include/linux/fs.h: struct address_space, i_pages a radix tree (4.17-4.19) */
struct address_space {
	struct inode *host;
	struct radix_tree_root i_pages;
	atomic_t i_mmap_writable;
	struct rb_root_cached i_mmap;
	struct rw_semaphore i_mmap_rwsem;
	unsigned long nrpages;
	unsigned long nrexceptional;
	pgoff_t writeback_index;
	const void *a_ops;
	unsigned long flags;
} __attribute__((aligned(sizeof(long))));

struct super_block { struct list_head s_list; dev_t s_dev; };
struct qstr { union { struct { u32 hash; u32 len; }; u64 hash_len; }; const unsigned char *name; };
struct dentry { unsigned int d_flags; struct dentry *d_parent; struct qstr d_name; };
struct vfsmount { struct dentry *mnt_root; struct super_block *mnt_sb; int mnt_flags; };
struct path { struct vfsmount *mnt; struct dentry *dentry; };

struct inode {
	unsigned short i_mode;
	struct super_block *i_sb;
	struct address_space *i_mapping;
	unsigned long i_ino;
	loff_t i_size;
	struct address_space i_data;
};

struct file {
	union { struct list_head fu_llist; struct rcu_head fu_rcuhead; } f_u;
	struct path f_path;
	struct inode *f_inode;
	const void *f_op;
	struct address_space *f_mapping;
};

/* include/linux/mm_types.h: struct page (64 bytes with CONFIG_MEMCG) */
struct page {
	unsigned long flags;
	union {
		struct {	/* Page cache and anonymous pages */
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;
		};
		struct {	/* Tail pages of compound page */
			unsigned long compound_head;
			unsigned char compound_dtor;
			unsigned char compound_order;
			atomic_t compound_mapcount;
		};
		struct rcu_head rcu_head;
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;
	};
	atomic_t _refcount;
	void *mem_cgroup;
};

/* include/linux/page-flags.h: enum pageflags (x86_64, MMU, PAT, MEMORY_FAILURE, IDLE_PAGE_TRACKING) */
enum pageflags {
	PG_locked, PG_error, PG_referenced, PG_uptodate, PG_dirty, PG_lru, PG_active,
	PG_waiters, PG_slab, PG_owner_priv_1, PG_arch_1, PG_reserved, PG_private,
	PG_private_2, PG_writeback, PG_head, PG_mappedtodisk, PG_reclaim, PG_swapbacked,
	PG_unevictable, PG_mlocked, PG_uncached, PG_hwpoison, PG_young, PG_idle,
	__NR_PAGEFLAGS,
	PG_checked = PG_owner_priv_1,
	PG_swapcache = PG_owner_priv_1,
};
enum pageflags pfw_pageflags;

struct vm_fault;
struct vm_area_struct;
/* include/linux/mm.h: struct vm_operations_struct */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *area);
	void (*close)(struct vm_area_struct *area);
	int (*split)(struct vm_area_struct *area, unsigned long addr);
	int (*mremap)(struct vm_area_struct *area);
	vm_fault_t (*fault)(struct vm_fault *vmf);
	vm_fault_t (*huge_fault)(struct vm_fault *vmf, int pe_size);
	void (*map_pages)(struct vm_fault *vmf, pgoff_t start_pgoff, pgoff_t end_pgoff);
	unsigned long (*pagesize)(struct vm_area_struct *area);
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
	vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf);
	int (*access)(struct vm_area_struct *vma, unsigned long addr, void *buf, int len, int write);
	const char *(*name)(struct vm_area_struct *vma);
};

/* include/linux/mm_types.h :269: vm_next/vm_prev list and vm_rb, no maple tree */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct vm_area_struct *vm_next, *vm_prev;
	struct rb_node vm_rb;
	unsigned long rb_subtree_gap;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	unsigned long vm_flags;
	struct { struct rb_node rb; unsigned long rb_subtree_last; } shared;
	struct list_head anon_vma_chain;
	struct anon_vma *anon_vma;
	const struct vm_operations_struct *vm_ops;
	unsigned long vm_pgoff;
	struct file *vm_file;
	void *vm_private_data;
	atomic_long_t swap_readahead_info;
};

struct mm_rss_stat { atomic_long_t count[4]; };

/* include/linux/mm_types.h: mm_struct's members in an anonymous struct (__randomize_layout) */
struct mm_struct {
	struct {
		struct vm_area_struct *mmap;
		struct rb_root mm_rb;
		u64 vmacache_seqnum;
		unsigned long mmap_base;
		unsigned long mmap_legacy_base;
		unsigned long task_size;
		unsigned long highest_vm_end;
		pgd_t *pgd;
		atomic_t mm_users;
		atomic_t mm_count;
		atomic_long_t pgtables_bytes;
		int map_count;
		spinlock_t page_table_lock;
		struct rw_semaphore mmap_sem;		/* :394 */
		struct list_head mmlist;
		unsigned long total_vm, locked_vm, pinned_vm, data_vm, exec_vm, stack_vm;
		unsigned long def_flags;
		spinlock_t arg_lock;
		unsigned long start_code, end_code, start_data, end_data;
		unsigned long start_brk, brk, start_stack;
		struct mm_rss_stat rss_stat;
		unsigned long flags;
	};
	unsigned long cpu_bitmap[];
};

/* include/uapi/asm-generic/resource.h: RLIM_NLIMITS 16 */
struct rlimit { unsigned long rlim_cur, rlim_max; };
/* include/linux/sched/signal.h */
struct signal_struct {
	atomic_t sigcnt;
	atomic_t live;
	int nr_threads;
	struct list_head thread_head;
	struct rlimit rlim[16];
};

#ifdef __aarch64__
/* arch/arm64/include/asm/ptrace.h, processor.h (4.19): pt_regs, thread_struct */
struct pt_regs { u64 regs[31], sp, pc, pstate; };
struct thread_struct { unsigned long fault_address, fault_code; };
struct thread_info { unsigned long flags; u64 ttbr0; };
#else
/* arch/x86/include/asm/ptrace.h: the x86_64 struct pt_regs */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax;
	unsigned long ip, cs, flags, sp, ss;
};

/* arch/x86/include/asm/processor.h: thread_struct (no pkru: 4.19 keeps PKRU in the xsave area) */
struct thread_struct { unsigned long sp0, sp; unsigned short es, ds, fsindex, gsindex; unsigned long fsbase, gsbase; };
struct thread_info { unsigned long flags; u32 status; };

#endif

/* include/linux/sched.h: task_struct, state (not __state, 5.14) */
struct task_struct {
	struct thread_info thread_info;
	volatile long state;
	void *stack;
	atomic_t usage;
	unsigned int flags;
	struct list_head tasks;
	struct mm_struct *mm;
	struct mm_struct *active_mm;
	int exit_state;
	int exit_code;
	int exit_signal;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct list_head children;
	struct list_head sibling;
	struct task_struct *group_leader;
	struct list_head thread_group;
	struct list_head thread_node;
	unsigned long min_flt;
	unsigned long maj_flt;
	char comm[16];
	struct signal_struct *signal;
	struct thread_struct thread;
};

#ifdef __aarch64__
/* arch/arm64/include/asm/extable.h (4.19): { insn, fixup } */
struct exception_table_entry { int insn, fixup; };
#else
/* arch/x86/include/asm/processor.h: cpuinfo_x86, NCAPINTS 19 + NBUGINTS 1 (4.19) */
struct cpuinfo_x86 {
	u8 x86, x86_vendor, x86_model, x86_stepping;
	int x86_tlbsize;
	u8 x86_virt_bits, x86_phys_bits, x86_coreid_bits, cu_id;
	u32 extended_cpuid_level;
	int cpuid_level;
	u32 x86_capability[19 + 1];
};

/* arch/x86/include/asm/extable.h: 4.19's { insn, fixup, handler } */
struct exception_table_entry { int insn, fixup, handler; };

#endif

/* kernel/printk/printk.c :359-371: __packed __aligned(4) with efficient unaligned access (x86) */
struct printk_log {
	u64 ts_nsec;
	u16 len;
	u16 text_len;
	u16 dict_len;
	u8 facility;
	u8 flags:5;
	u8 level:3;
} __attribute__((packed, aligned(4)));

/* ---- the symbols pfwhy looks up ---- */
/* kernel/printk/printk.c :416-444: the log buffer and its indexes */
static char __log_buf[1 << 12] __attribute__((aligned(4)));
char *log_buf = __log_buf;
unsigned int log_buf_len = sizeof(__log_buf);
unsigned int log_first_idx, log_next_idx;
unsigned long long log_first_seq, log_next_seq;
struct printk_log pfw_types_printk_log;
const char linux_banner[] =
	"Linux version 4.19.0-pfwhy-synthetic (gcc -g) #1 SMP (a stand-in for 4.19's DWARF)\n";
struct task_struct init_task;
struct mm_struct init_mm;
#ifdef __aarch64__
unsigned long stack_guard_gap, mmap_min_addr, fault_around_bytes;
/* arch/arm64/kernel/vmlinux.lds.S: init_mm's pgd, in the image */
unsigned long swapper_pg_dir[512] __attribute__((aligned(4096)));
#else
struct cpuinfo_x86 boot_cpu_data;
unsigned long page_offset_base, vmemmap_base, vmalloc_base;
unsigned long stack_guard_gap, mmap_min_addr, fault_around_bytes;
/* arch/x86/kernel/head_64.S: the kernel's top-level page table */
unsigned long init_top_pgt[512] __attribute__((aligned(4096)));
#endif
struct vm_operations_struct generic_file_vm_ops, shmem_vm_ops;
struct inode pfw_types_inode;
struct file pfw_types_file;
struct super_block pfw_types_sb;
struct pt_regs pfw_types_regs;
struct radix_tree_node pfw_types_node;
struct page pfw_types_page;
struct exception_table_entry pfw_types_extable;

#ifdef __aarch64__
/* functions of arch/arm64/mm/fault.c (4.19) and mm/ whose presence tells the era */
void do_mem_abort(void) {}
void do_translation_fault(void) {}
void do_page_fault(void) {}
void __do_page_fault(void) {}
void reuse_swap_page(void) {}
void filemap_fault(void) {}
void filemap_map_pages(void) {}
void shmem_fault(void) {}
/* a uaccess routine: its load has an __ex_table entry (4.19's _ASM_EXTABLE) */
__asm__(".text\n"
	".globl __arch_copy_from_user\n"
	".type __arch_copy_from_user, @function\n"
	"__arch_copy_from_user:\n"
	"1: ldtrb w3, [x1]\n"
	"2: ret\n"
	".size __arch_copy_from_user, . - __arch_copy_from_user\n"
	".pushsection __ex_table, \"a\"\n"
	".balign 4\n"
	".long 1b - .\n.long 2b - .\n"
	".popsection\n");
#else
/* functions of arch/x86/mm/fault.c and mm/ whose presence tells the era */
void do_page_fault(void) {}
void __do_page_fault(void) {}
void vmalloc_fault(void) {}
void spurious_fault(void) {}
void reuse_swap_page(void) {}
void filemap_fault(void) {}
void filemap_map_pages(void) {}
void shmem_fault(void) {}
void ex_handler_default(void) {}
/* a uaccess routine: its first instruction has an __ex_table entry (4.19's _ASM_EXTABLE) */
__asm__(".text\n"
	".globl copy_user_generic_unrolled\n"
	".type copy_user_generic_unrolled, @function\n"
	"copy_user_generic_unrolled:\n"
	"1: movq (%rsi), %rax\n"
	"2: ret\n"
	".size copy_user_generic_unrolled, . - copy_user_generic_unrolled\n"
	".pushsection __ex_table, \"a\"\n"
	".balign 4\n"
	".long 1b - .\n.long 2b - .\n.long ex_handler_default - .\n"
	".popsection\n");
#endif
