#ifndef MMUTEST_H
#define MMUTEST_H
#include <compiler.h>
void tlb_bench(unsigned long rounds, bool flush);
#endif
