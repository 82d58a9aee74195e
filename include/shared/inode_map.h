/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inode_map.h: an open-addressing map from a socket inode (with its namespace, where that matters) to a number. */
#ifndef SOCKQ_INODE_MAP_H
#define SOCKQ_INODE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Keys are never 0: no socket and no namespace has inode 0, so 0 marks an
 * empty slot. A key may be added more than once (a replayed dump can
 * repeat a socket); lookups then walk every entry with that key. */
struct inode_map {
	uint64_t *key;
	uint32_t *val;
	size_t mask;		/* slots - 1; no slots until the first reserve */
	size_t used;
};

static inline uint64_t inode_key(uint32_t netns_ino, uint32_t inode)
{
	return (uint64_t)netns_ino << 32 | inode;
}

/* Room for n more keys, keeping the table at most half full. */
int inode_map_reserve(struct inode_map *m, size_t n);
/* Adds key -> val; inode_map_reserve() must have made room. */
void inode_map_add(struct inode_map *m, uint64_t key, uint32_t val);
/* The value of key, added with init when missing; NULL when there is no
 * room (reserve first). */
uint32_t *inode_map_get_or_add(struct inode_map *m, uint64_t key, uint32_t init);

/* Walks the entries of key: start with *pos = inode_map_start(m, key),
 * then call inode_map_next() until it returns NULL. */
size_t inode_map_start(const struct inode_map *m, uint64_t key);
uint32_t *inode_map_next(const struct inode_map *m, uint64_t key, size_t *pos);

/* Empties the map, keeping its room. */
void inode_map_clear(struct inode_map *m);
void inode_map_free(struct inode_map *m);

#endif
