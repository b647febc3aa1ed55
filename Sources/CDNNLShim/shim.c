#include "cdnnl_shim.h"
#include <stddef.h>

// libgomp's entry points; declared here so no OpenMP compiler flag is needed.
extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);

void *cairn_dnnl_memory_allocate(void) { return (void *)(size_t)-1; }

void cairn_set_num_threads(int count) { omp_set_num_threads(count); }

int cairn_max_threads(void) { return omp_get_max_threads(); }
