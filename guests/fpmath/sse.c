/* fpmath SSE2/MMX checks (SSE build only). */
#include "fpmath.h"

#ifdef __SSE2_MATH__
void fpmath_sse(void) {}
#endif
