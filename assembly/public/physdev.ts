// physdev_op (xen/include/public/physdev.h). Fact sheet §8.7.

export const PHYSDEVOP_IRQ_UNMASK_NOTIFY: u32 = 4;
export const PHYSDEVOP_irq_status_query: u32 = 5;
export const PHYSDEVOP_set_iopl: u32 = 6;       // { iopl u32 } 0..3, else -EINVAL
export const PHYSDEVOP_set_iobitmap: u32 = 7;   // { bitmap ptr @0, nr_ports u32 @4 }
export const PHYSDEVOP_eoi: u32 = 12;
