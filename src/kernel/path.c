// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * d_path() (fs/d_path.c prepend_path()): climb dentries to the mount root,
 * then cross to the parent mount, until the root of the mount tree.  We
 * print paths relative to the global root, as for a task whose root is "/".
 */
#include <stdio.h>
#include <string.h>

#include "path.h"

#define MAX_PATH_COMPONENTS 256

struct path_builder {
	char *buf;
	size_t size, start;	/* the path is buf[start..size-1) */
};

static bool prepend(struct path_builder *p, const char *s, size_t len)
{
	if (len > p->start)
		return false;
	p->start -= len;
	memcpy(p->buf + p->start, s, len);
	return true;
}

static struct pfw_error *prepend_name(struct pfw_kernel *k, uint64_t dentry,
				      struct path_builder *p)
{
	struct pfw_error *err;
	uint64_t name, len;
	char comp[256];

	if ((err = pfw_read_member(k, dentry, "dentry", "d_name.name", &name)) ||
	    (err = pfw_read_member(k, dentry, "dentry", "d_name.len", &len)))
		return err;
	if (len >= sizeof(comp))
		len = sizeof(comp) - 1;
	if ((err = pfw_read_kv(k, name, comp, len)))
		return err;
	if (!prepend(p, comp, len) || !prepend(p, "/", 1))
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "path too long");
	return NULL;
}

/* Reads whose failure only means "cannot tell": the error is dropped, not leaked. */
static bool member_ok(struct pfw_kernel *k, uint64_t addr, const char *type, const char *path,
		      uint64_t *val)
{
	struct pfw_error *err = pfw_read_member(k, addr, type, path, val);
	bool ok = !err;

	pfw_error_destroy(err);
	return ok;
}

static bool kv_ok(struct pfw_kernel *k, uint64_t addr, void *buf, size_t len)
{
	struct pfw_error *err = pfw_read_kv(k, addr, buf, len);
	bool ok = !err;

	pfw_error_destroy(err);
	return ok;
}

/* d_unlinked(): unhashed and not a root */
static bool d_unlinked(struct pfw_kernel *k, uint64_t dentry)
{
	uint64_t pprev, parent;

	if (!member_ok(k, dentry, "dentry", "d_hash.pprev", &pprev) ||
	    !member_ok(k, dentry, "dentry", "d_parent", &parent))
		return false;
	return !pprev && parent != dentry;
}

/*
 * d_path() first asks dentry->d_op->d_dname() of pseudo files (shmem's
 * /dev/zero and memfd, anon hugetlb, pipes, sockets, anon inodes), unless
 * the dentry is the root of its mount.  Only the d_dname()s with a fixed
 * format are known here; they print the name as the kernel's do.
 */
static bool pseudo_dname(struct pfw_kernel *k, uint64_t dentry, uint64_t vfsmnt,
			 char *buf, size_t size, bool *handled)
{
	uint64_t d_op, d_dname, parent, root, name_addr, len, inode, ino = 0, off;
	const char *fn;
	char name[200];

	*handled = false;
	if (!member_ok(k, dentry, "dentry", "d_op", &d_op) || !d_op ||
	    !member_ok(k, d_op, "dentry_operations", "d_dname", &d_dname) || !d_dname)
		return true;
	if (!member_ok(k, dentry, "dentry", "d_parent", &parent) ||
	    !member_ok(k, vfsmnt, "vfsmount", "mnt_root", &root))
		return false;
	if (parent == dentry && dentry == root)
		return true;	/* IS_ROOT and the mount's root: the generic path */
	fn = pfw_symbol_at(k->dbi, d_dname - k->kaslr_offset, &off, NULL);
	if (!member_ok(k, dentry, "dentry", "d_name.name", &name_addr) ||
	    !member_ok(k, dentry, "dentry", "d_name.len", &len))
		return false;
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	if (!kv_ok(k, name_addr, name, len))
		return false;
	name[len] = 0;
	if (member_ok(k, dentry, "dentry", "d_inode", &inode) && inode)
		member_ok(k, inode, "inode", "i_ino", &ino);
	*handled = true;
	if (fn && !strcmp(fn, "simple_dname"))
		snprintf(buf, size, "/%s (deleted)", name);
	else if (fn && !strcmp(fn, "anon_inodefs_dname"))
		snprintf(buf, size, "anon_inode:%s", name);
	else if (fn && !strcmp(fn, "pipefs_dname"))
		snprintf(buf, size, "pipe:[%llu]", (unsigned long long)ino);
	else if (fn && !strcmp(fn, "sockfs_dname"))
		snprintf(buf, size, "socket:[%llu]", (unsigned long long)ino);
	else
		snprintf(buf, size, "%s:[%llu] (by %s)", name, (unsigned long long)ino, fn ? fn : "d_dname");
	return true;
}

struct pfw_error *pfw_file_path(struct pfw_kernel *k, uint64_t file, char *buf, size_t size)
{
	struct path_builder p = { .buf = buf, .size = size, .start = size - 1 };
	uint64_t vfsmnt, dentry, mnt_off, mount, orig;
	struct pfw_member m;
	struct pfw_error *err;
	int i;

	buf[size - 1] = 0;
	if ((err = pfw_read_member(k, file, "file", "f_path.mnt", &vfsmnt)) ||
	    (err = pfw_read_member(k, file, "file", "f_path.dentry", &dentry)) ||
	    (err = pfw_member(k->dbi, "mount", "mnt", &m)))
		return err;
	orig = dentry;
	mnt_off = m.offset;
	{
		bool handled;

		if (pseudo_dname(k, dentry, vfsmnt, buf, size, &handled) && handled)
			return NULL;
	}
	mount = vfsmnt - mnt_off;
	for (i = 0; i < MAX_PATH_COMPONENTS; i++) {
		uint64_t root, parent, mnt_parent;

		if ((err = pfw_read_member(k, vfsmnt, "vfsmount", "mnt_root", &root)))
			return err;
		if (dentry == root) {
			if ((err = pfw_read_member(k, mount, "mount", "mnt_parent", &mnt_parent)))
				return err;
			if (mnt_parent == mount)
				break;	/* the root of the mount tree */
			if ((err = pfw_read_member(k, mount, "mount", "mnt_mountpoint", &dentry)))
				return err;
			mount = mnt_parent;
			vfsmnt = mount + mnt_off;
			continue;
		}
		if ((err = pfw_read_member(k, dentry, "dentry", "d_parent", &parent)))
			return err;
		if (parent == dentry)
			break;	/* a dentry tree not attached to a mount root */
		if ((err = prepend_name(k, dentry, &p)))
			return err;
		dentry = parent;
	}
	if (i == MAX_PATH_COMPONENTS)
		return pfw_error_create(PFW_ERR_CORRUPT, "path of file 0x%llx does not end (cyclic?)",
					(unsigned long long)file);
	if (p.start == size - 1)
		prepend(&p, "/", 1);
	memmove(buf, buf + p.start, size - p.start);
	if (d_unlinked(k, orig) && strlen(buf) + 11 < size)
		strcat(buf, " (deleted)");
	return NULL;
}
