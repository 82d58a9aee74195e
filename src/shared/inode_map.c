// SPDX-License-Identifier: GPL-2.0-or-later
/* inode_map.c: linear probing over a power-of-two table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inode_map.h"

static size_t slot_of(const struct inode_map *m, uint64_t key)
{
	/* Inodes are handed out in sequence: mix the bits so neighbours do
	 * not fill neighbouring slots. */
	key ^= key >> 31;
	key *= 0x7fb5d329728ea185ull;
	key ^= key >> 27;
	key *= 0x81dadef4bc2dd44dull;
	key ^= key >> 33;
	return (size_t)key & m->mask;
}

int inode_map_reserve(struct inode_map *m, size_t n)
{
	struct inode_map grown = { 0 };
	size_t size = m->key ? m->mask + 1 : 0;

	if (m->key && (m->used + n) * 2 <= size)
		return 0;
	size = 16;
	while (size < (m->used + n) * 2)
		size *= 2;
	grown.key = calloc(size, sizeof(*grown.key));
	grown.val = malloc(size * sizeof(*grown.val));
	if (!grown.key || !grown.val) {
		free(grown.key);
		free(grown.val);
		return -ENOMEM;
	}
	grown.mask = size - 1;
	for (size_t i = 0; m->key && i <= m->mask; i++)
		if (m->key[i])
			inode_map_add(&grown, m->key[i], m->val[i]);
	inode_map_free(m);
	*m = grown;
	return 0;
}

void inode_map_add(struct inode_map *m, uint64_t key, uint32_t val)
{
	size_t h = slot_of(m, key);

	while (m->key[h])
		h = (h + 1) & m->mask;
	m->key[h] = key;
	m->val[h] = val;
	m->used++;
}

uint32_t *inode_map_get_or_add(struct inode_map *m, uint64_t key, uint32_t init)
{
	size_t h;

	if (!m->key || (m->used + 1) * 2 > m->mask + 1)
		return NULL;
	h = slot_of(m, key);
	while (m->key[h] && m->key[h] != key)
		h = (h + 1) & m->mask;
	if (!m->key[h]) {
		m->key[h] = key;
		m->val[h] = init;
		m->used++;
	}
	return &m->val[h];
}

size_t inode_map_start(const struct inode_map *m, uint64_t key)
{
	return m->key ? slot_of(m, key) : 0;
}

uint32_t *inode_map_next(const struct inode_map *m, uint64_t key, size_t *pos)
{
	if (!m->key)
		return NULL;
	while (m->key[*pos]) {
		size_t h = *pos;

		*pos = (*pos + 1) & m->mask;
		if (m->key[h] == key)
			return &m->val[h];
	}
	return NULL;
}

void inode_map_clear(struct inode_map *m)
{
	if (m->key)
		memset(m->key, 0, (m->mask + 1) * sizeof(*m->key));
	m->used = 0;
}

void inode_map_free(struct inode_map *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}
