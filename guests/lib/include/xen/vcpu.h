/*
 * xen/vcpu.h — vcpu_op (#24) commands and structs (docs/xen-abi-x86_32.md §8.4).
 */
#ifndef XEN_VCPU_H
#define XEN_VCPU_H

#include <xen/xen.h>

#define VCPUOP_initialise                 0
#define VCPUOP_up                         1
#define VCPUOP_down                       2
#define VCPUOP_is_up                      3
#define VCPUOP_get_runstate_info          4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer         6
#define VCPUOP_stop_periodic_timer        7
#define VCPUOP_set_singleshot_timer       8
#define VCPUOP_stop_singleshot_timer      9
#define VCPUOP_register_vcpu_info        10

#define RUNSTATE_running   0
#define RUNSTATE_runnable  1
#define RUNSTATE_blocked   2
#define RUNSTATE_offline   3

struct vcpu_runstate_info {
    int state;
    uint64_t state_entry_time;
    uint64_t time[4];
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct vcpu_runstate_info) == 44, "vcpu_runstate_info is 44 bytes");

struct vcpu_set_periodic_timer { uint64_t period_ns; } __attribute__((packed, aligned(4)));
struct vcpu_set_singleshot_timer { uint64_t timeout_abs_ns; uint32_t flags; } __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 12, "12 bytes on x86_32");
struct vcpu_register_vcpu_info { uint64_t mfn; uint32_t offset; uint32_t rsvd; } __attribute__((packed, aligned(4)));

#endif /* XEN_VCPU_H */
