// event_channel_op (xen/include/public/event_channel.h). Fact sheet §6.1-6.4.
//
//   event_channel_op(cmd, arg)        (#32) arg points to the struct named below.
//   event_channel_op_compat(op)       (#16) op points to struct evtchn_op:
//                                     cmd u32 @0, the same structs as a union @4 (28 bytes).
// Ports are evtchn_port_t (u32); a 32-bit guest on the 2-level ABI has ports 0-1023,
// port 0 reserved. Unreadable or unwritable arg -> -EFAULT; unknown cmd -> -ENOSYS.

export const EVTCHNOP_bind_interdomain: u32 = 0; // { remote_dom u16 @0, remote_port u32 @4, OUT local_port u32 @8 } (12)
export const EVTCHNOP_bind_virq: u32 = 1;        // { virq u32 @0, vcpu u32 @4, OUT port u32 @8 } (12)
export const EVTCHNOP_bind_pirq: u32 = 2;        // { pirq u32 @0, flags u32 @4, OUT port u32 @8 } (12)
export const EVTCHNOP_close: u32 = 3;            // { port u32 @0 } (4)
export const EVTCHNOP_send: u32 = 4;             // { port u32 @0 } (4)
export const EVTCHNOP_status: u32 = 5;           // { dom u16 @0, port u32 @4, OUT status u32 @8,
                                                 //   OUT vcpu u32 @12, OUT union @16 } (24)
export const EVTCHNOP_alloc_unbound: u32 = 6;    // { dom u16 @0, remote_dom u16 @2, OUT port u32 @4 } (8)
export const EVTCHNOP_bind_ipi: u32 = 7;         // { vcpu u32 @0, OUT port u32 @4 } (8)
export const EVTCHNOP_bind_vcpu: u32 = 8;        // { port u32 @0, vcpu u32 @4 } (8)
export const EVTCHNOP_unmask: u32 = 9;           // { port u32 @0 } (4)
export const EVTCHNOP_reset: u32 = 10;           // { dom u16 @0 } (2)
export const EVTCHNOP_init_control: u32 = 11;    // FIFO ABI: not provided -> -EOPNOTSUPP
export const EVTCHNOP_expand_array: u32 = 12;    // FIFO ABI: not provided -> -EOPNOTSUPP
export const EVTCHNOP_set_priority: u32 = 13;    // FIFO only: under 2-level -> -ENOSYS
export const EVTCHNOP_reset_cont: u32 = 14;      // Xen-internal continuation of reset

/** Bytes of each command's struct (index = cmd); the compat op copies 4 + this. */
export const EVTCHNOP_ARG_SIZE: StaticArray<u8> = [12, 12, 12, 4, 4, 24, 8, 8, 8, 4, 2, 24, 8, 8];
export const EVTCHN_OP_COMPAT_SIZE: u32 = 28;

// evtchn_status.status
export const EVTCHNSTAT_closed: u32 = 0;       // free (or reserved) port
export const EVTCHNSTAT_unbound: u32 = 1;      // waiting for union.unbound.dom to bind
export const EVTCHNSTAT_interdomain: u32 = 2;  // connected to interdomain.dom:interdomain.port
export const EVTCHNSTAT_pirq: u32 = 3;
export const EVTCHNSTAT_virq: u32 = 4;         // bound to union.virq
export const EVTCHNSTAT_ipi: u32 = 5;

/** Ports of the 2-level ABI with a 4-byte xen_ulong_t: 32 words of 32 bits. */
export const EVTCHN_2L_NR_CHANNELS: u32 = 1024;
