// Callbacks (xen/include/public/callback.h, nmi.h). Fact sheet §5.5.

export const CALLBACKOP_register: u32 = 0;    // callback_register (12): type u16 @0, flags u16 @2, cs u32 @4, eip u32 @8
export const CALLBACKOP_unregister: u32 = 1;  // callback_unregister (4): type u16 @0

export const CALLBACKTYPE_event: u32 = 0;
export const CALLBACKTYPE_failsafe: u32 = 1;
export const CALLBACKTYPE_syscall: u32 = 2;             // 64-bit only → -ENOSYS
export const CALLBACKTYPE_sysenter_deprecated: u32 = 3; // -ENOSYS
export const CALLBACKTYPE_nmi: u32 = 4;
export const CALLBACKTYPE_sysenter: u32 = 5;
export const CALLBACKTYPE_syscall32: u32 = 7;

export const CALLBACKF_mask_events: u32 = 1;

export const XENNMI_register_callback: u32 = 0;   // xennmi_callback { handler_address u32, pad u32 }
export const XENNMI_unregister_callback: u32 = 1;
