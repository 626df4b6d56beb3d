// Xen error numbers (xen/include/public/errno.h). Hypercalls return -value in EAX.
// The values equal Linux's x86 errno numbers.
//
// This file is the one list of errno values: src/gen/ reads it to give the host the
// same names (src/generated/errno.ts). Keep the `export const NAME: i32 = value;`
// form, one per line.

export const EPERM: i32 = 1;         // Operation not permitted
export const ENOENT: i32 = 2;        // No such file or directory
export const ESRCH: i32 = 3;         // No such process (e.g. unknown domain)
export const EINTR: i32 = 4;         // Interrupted (internal only)
export const EIO: i32 = 5;           // I/O error
export const ENXIO: i32 = 6;         // No such device or address
export const E2BIG: i32 = 7;         // Arg list too long
export const ENOEXEC: i32 = 8;       // Exec format error
export const EBADF: i32 = 9;         // Bad file number
export const ECHILD: i32 = 10;       // No child processes
export const EAGAIN: i32 = 11;       // Try again
export const ENOMEM: i32 = 12;       // Out of memory
export const EACCES: i32 = 13;       // Permission denied
export const EFAULT: i32 = 14;       // Bad address (only from copying guest memory)
export const EBUSY: i32 = 16;        // Device or resource busy
export const EEXIST: i32 = 17;       // File exists
export const EXDEV: i32 = 18;        // Cross-device link
export const ENODEV: i32 = 19;       // No such device
export const ENOTDIR: i32 = 20;      // Not a directory
export const EISDIR: i32 = 21;       // Is a directory
export const EINVAL: i32 = 22;       // Invalid argument
export const ENFILE: i32 = 23;       // File table overflow
export const EMFILE: i32 = 24;       // Too many open files
export const ENOSPC: i32 = 28;       // No space left on device
export const EROFS: i32 = 30;        // Read-only file system
export const EMLINK: i32 = 31;       // Too many links
export const EDOM: i32 = 33;         // Math argument out of domain
export const ERANGE: i32 = 34;       // Math result not representable
export const EDEADLK: i32 = 35;      // Resource deadlock would occur
export const ENAMETOOLONG: i32 = 36; // File name too long
export const ENOLCK: i32 = 37;       // No record locks available
export const ENOSYS: i32 = 38;       // Function not implemented
export const ENOTEMPTY: i32 = 39;    // Directory not empty
export const ENODATA: i32 = 61;      // No data available
export const ETIME: i32 = 62;        // Timer expired
export const EBADMSG: i32 = 74;      // Not a data message
export const EOVERFLOW: i32 = 75;    // Value too large for defined data type
export const EILSEQ: i32 = 84;       // Illegal byte sequence
export const ERESTART: i32 = 85;     // Restart the call (internal only)
export const ENOTSOCK: i32 = 88;     // Socket operation on non-socket
export const EMSGSIZE: i32 = 90;     // Message too large
export const EOPNOTSUPP: i32 = 95;   // Operation not supported
export const EADDRINUSE: i32 = 98;   // Address already in use
export const EADDRNOTAVAIL: i32 = 99; // Cannot assign requested address
export const ENOBUFS: i32 = 105;     // No buffer space available
export const EISCONN: i32 = 106;     // Transport endpoint is already connected
export const ENOTCONN: i32 = 107;    // Transport endpoint is not connected
export const ETIMEDOUT: i32 = 110;   // Connection timed out
export const ECONNREFUSED: i32 = 111; // Connection refused
