#ifndef CDNNL_SHIM_H
#define CDNNL_SHIM_H

/// The value of the DNNL_MEMORY_ALLOCATE macro, which Swift cannot import: asks oneDNN to own a memory buffer.
void *cairn_dnnl_memory_allocate(void);

/// Sets the number of OpenMP threads that oneDNN (built with the OpenMP runtime on Debian) uses.
void cairn_set_num_threads(int count);

/// The number of OpenMP threads that parallel regions will use.
int cairn_max_threads(void);

/// Runs body(context, thread, threads) on every thread of an OpenMP team of `threads` (the pool oneDNN's kernels
/// use, so Cairn's own kernels do not compete with its idle threads), and returns when all are done.
void cairn_parallel(void (*body)(void *context, int thread, int threads), void *context, int threads);

#endif
