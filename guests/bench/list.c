/*
 * list.c — a singly linked list: build, search, reverse and merge-sort. Pointer
 * chasing and unpredictable branches. Results use keys and positions only, never
 * addresses, so they do not depend on where the image is linked.
 */
#include "bench.h"

#define NR_NODES   128
#define NR_FINDS    32

struct node {
    struct node *next;
    uint32_t key;
    uint32_t id;
};

static struct node pool[NR_NODES];

/* Position of the first node with key, or -1. */
static int find(const struct node *n, uint32_t key)
{
    for (int pos = 0; n; n = n->next, pos++)
        if (n->key == key)
            return pos;
    return -1;
}

static struct node *reverse(struct node *n)
{
    struct node *prev = NULL;

    while (n) {
        struct node *next = n->next;

        n->next = prev;
        prev = n;
        n = next;
    }
    return prev;
}

/* Stable merge of two key-sorted lists. */
static struct node *merge(struct node *a, struct node *b)
{
    struct node head, *tail = &head;

    while (a && b) {
        struct node **min = b->key < a->key ? &b : &a;

        tail->next = *min;
        tail = *min;
        *min = (*min)->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

static struct node *sort(struct node *n)
{
    struct node *slow = n, *fast, *second;

    if (!n || !n->next)
        return n;
    for (fast = n->next; fast && fast->next; fast = fast->next->next)
        slow = slow->next;
    second = slow->next;
    slow->next = NULL;
    return merge(sort(n), sort(second));
}

uint32_t bench_list(uint32_t seed)
{
    struct node *head = NULL;
    uint32_t s = seed, acc = 0;

    for (uint32_t i = 0; i < NR_NODES; i++) {
        pool[i].key = rng_next(&s) & 0x1ff;   /* collisions and misses both occur */
        pool[i].id = i;
        pool[i].next = head;
        head = &pool[i];
    }
    for (int i = 0; i < NR_FINDS; i++)
        acc = acc * 33 + (uint32_t)find(head, rng_next(&s) & 0x1ff);

    head = reverse(head);
    acc ^= head->id << 8 | head->key;
    head = sort(head);
    for (uint32_t pos = 0; head; head = head->next, pos++)
        acc = rotl32(acc, 5) ^ (head->key * (pos + 1)) ^ head->id;
    return acc;
}
