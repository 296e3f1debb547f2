// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a maple tree (lib/maple_tree.c, 6.1+) in index order.  Node layouts
 * come from DWARF; the encoding of node pointers is include/linux/maple_tree.h's.
 */
#include "kernel.h"
#include "maple_tree.h"

/* include/linux/maple_tree.h, unchanged 6.1 to 6.18 */
#define MAPLE_NODE_MASK		255UL
#define MAPLE_NODE_TYPE_SHIFT	0x03
#define MAPLE_NODE_TYPE_MASK	0x0F

struct mt_layout {
	int64_t leaf_64, range_64, arange_64;
	uint64_t range_pivots, arange_pivots;		/* pivot[] lengths */
	uint64_t range_pivot_off, range_slot_off, range_meta_end_off;
	uint64_t arange_pivot_off, arange_slot_off, arange_meta_end_off;
	uint64_t node_size;
};

struct mt_walk {
	struct pfw_kernel *k;
	struct mt_layout l;
	pfw_mt_fn *fn;
	void *arg;
	unsigned long budget;
	uint64_t from;		/* entries ending below it are skipped */
	uint64_t tree;		/* struct maple_tree *, for messages */
};

static bool xa_is_node(uint64_t entry)
{
	return (entry & 3) == 2 && entry > 4096;
}

static struct pfw_error *pivots_len(struct pfw_kernel *k, const char *type, uint64_t *n)
{
	struct pfw_member m;
	struct pfw_error *err;
	Dwarf_Die elem;

	err = pfw_member(k->dbi, type, "pivot", &m);
	if (err)
		return err;
	return pfw_array_element(&m.type, &elem, n);
}

static struct pfw_error *member_off(struct pfw_kernel *k, const char *type, const char *path,
				    uint64_t *off)
{
	struct pfw_member m;
	struct pfw_error *err = pfw_member(k->dbi, type, path, &m);

	if (!err)
		*off = m.offset;
	return err;
}

static struct pfw_error *load_layout(struct pfw_kernel *k, struct mt_layout *l)
{
	struct pfw_error *err;
	uint64_t mr64, ma64;

	/* enum maple_type: one search of its unit, then its other enumerators by anchor */
	if ((err = pfw_enumerator(k->dbi, "maple_leaf_64", &l->leaf_64)) ||
	    (err = pfw_enumerator_of(k->dbi, "maple_leaf_64", "maple_range_64", &l->range_64)) ||
	    (err = pfw_enumerator_of(k->dbi, "maple_leaf_64", "maple_arange_64", &l->arange_64)) ||
	    (err = member_off(k, "maple_node", "mr64", &mr64)) ||
	    (err = member_off(k, "maple_node", "ma64", &ma64)) ||
	    (err = pivots_len(k, "maple_range_64", &l->range_pivots)) ||
	    (err = pivots_len(k, "maple_arange_64", &l->arange_pivots)) ||
	    (err = member_off(k, "maple_range_64", "pivot", &l->range_pivot_off)) ||
	    (err = member_off(k, "maple_range_64", "slot", &l->range_slot_off)) ||
	    (err = member_off(k, "maple_range_64", "meta.end", &l->range_meta_end_off)) ||
	    (err = member_off(k, "maple_arange_64", "pivot", &l->arange_pivot_off)) ||
	    (err = member_off(k, "maple_arange_64", "slot", &l->arange_slot_off)) ||
	    (err = member_off(k, "maple_arange_64", "meta.end", &l->arange_meta_end_off)) ||
	    (err = pfw_struct_size(k->dbi, "maple_node", &l->node_size)))
		return pfw_error_wrap(err, "reading the maple tree layout");
	l->range_pivot_off += mr64;
	l->range_slot_off += mr64;
	l->range_meta_end_off += mr64;
	l->arange_pivot_off += ma64;
	l->arange_slot_off += ma64;
	l->arange_meta_end_off += ma64;
	return NULL;
}

struct mt_node {
	unsigned char buf[512];
	uint64_t addr;
	int64_t type;
	uint64_t npivots;
	const uint64_t *pivots, *slots;
	unsigned char meta_end;
};

static struct pfw_error *read_node(struct mt_walk *w, uint64_t enode, struct mt_node *n)
{
	const struct mt_layout *l = &w->l;
	struct pfw_error *err;
	bool arange;

	n->addr = enode & ~MAPLE_NODE_MASK;
	n->type = (enode >> MAPLE_NODE_TYPE_SHIFT) & MAPLE_NODE_TYPE_MASK;
	if (n->type != l->leaf_64 && n->type != l->range_64 && n->type != l->arange_64)
		return pfw_error_create(PFW_ERR_CORRUPT,
					"maple node 0x%llx has unknown type %lld",
					(unsigned long long)n->addr, (long long)n->type);
	if (l->node_size > sizeof(n->buf))
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "maple_node is %llu bytes",
					(unsigned long long)l->node_size);
	err = pfw_read_kv(w->k, n->addr, n->buf, l->node_size);
	if (err)
		return pfw_error_wrap(err, "reading maple node 0x%llx", (unsigned long long)n->addr);
	arange = n->type == l->arange_64;
	n->npivots = arange ? l->arange_pivots : l->range_pivots;
	n->pivots = (const uint64_t *)(n->buf + (arange ? l->arange_pivot_off : l->range_pivot_off));
	n->slots = (const uint64_t *)(n->buf + (arange ? l->arange_slot_off : l->range_slot_off));
	n->meta_end = n->buf[arange ? l->arange_meta_end_off : l->range_meta_end_off];
	return NULL;
}

/* ma_data_end(): the offset of the last used slot. */
static unsigned int ma_data_end(const struct mt_walk *w, const struct mt_node *n, uint64_t max)
{
	uint64_t last = n->npivots - 1;

	if (n->type == w->l.arange_64 || !n->pivots[last])
		return n->meta_end < n->npivots + 1 ? n->meta_end : n->npivots;
	if (n->pivots[last] == max)
		return last;
	return n->npivots;
}

/*
 * A node's pivots split its parent's range [min, max]: strictly rising and
 * inside it.  Damage elsewhere would drop or misplace entries silently.
 */
static struct pfw_error *check_pivots(const struct mt_walk *w, const struct mt_node *n,
				      unsigned int end, uint64_t min, uint64_t max)
{
	unsigned int i;

	for (i = 0; i < end && i < n->npivots; i++) {
		uint64_t p = n->pivots[i];

		if (p < min || p > max || (i && p <= n->pivots[i - 1]))
			return pfw_error_create(PFW_ERR_CORRUPT,
						"maple tree 0x%llx is corrupt: node 0x%llx has pivot[%u] 0x%llx %s (range 0x%llx-0x%llx)",
						(unsigned long long)w->tree, (unsigned long long)n->addr,
						i, (unsigned long long)p,
						p < min || p > max ? "outside its parent's range" :
						"not above the one before it",
						(unsigned long long)min, (unsigned long long)max);
		if (p == max)
			break;
	}
	return NULL;
}

static struct pfw_error *walk_node(struct mt_walk *w, uint64_t enode, uint64_t min,
				   uint64_t max, int depth)
{
	struct pfw_error *err;
	struct mt_node n;
	unsigned int i, end;

	if (depth > PFW_MAX_TREE_DEPTH)
		return pfw_error_create(PFW_ERR_CORRUPT, "maple tree 0x%llx deeper than %d levels (corrupt?)",
					(unsigned long long)w->tree, PFW_MAX_TREE_DEPTH);
	err = read_node(w, enode, &n);
	if (err)
		return err;
	end = ma_data_end(w, &n, max);
	err = check_pivots(w, &n, end, min, max);
	if (err)
		return err;
	for (i = 0; i <= end; i++) {
		uint64_t lo = i ? n.pivots[i - 1] + 1 : min;
		uint64_t hi = i < n.npivots && i < end ? n.pivots[i] : max;
		uint64_t slot = n.slots[i];

		if (i && n.pivots[i - 1] >= max)
			break;
		if (!slot || hi < w->from)
			continue;
		if (--w->budget == 0)
			return pfw_error_create(PFW_ERR_CORRUPT, "maple tree 0x%llx has too many entries (cyclic?)",
						(unsigned long long)w->tree);
		if (n.type != w->l.leaf_64)
			err = walk_node(w, slot, lo, hi, depth + 1);
		else
			err = w->fn(w->k, slot, lo, hi, w->arg);
		if (err)
			return err;
	}
	return NULL;
}

struct pfw_error *pfw_mt_for_each(struct pfw_kernel *k, uint64_t mt, uint64_t from, pfw_mt_fn *fn,
				  void *arg)
{
	struct mt_walk w = { .k = k, .fn = fn, .arg = arg, .budget = PFW_MAX_VMAS, .from = from,
			     .tree = mt };
	struct pfw_error *err;
	uint64_t root;

	err = pfw_read_member(k, mt, "maple_tree", "ma_root", &root);
	if (err)
		return err;
	if (!root || (!xa_is_node(root) && from))
		return NULL;
	if (!xa_is_node(root))
		return fn(k, root, 0, 0, arg);
	err = load_layout(k, &w.l);
	if (err)
		return err;
	return walk_node(&w, root, 0, UINT64_MAX, 0);
}
