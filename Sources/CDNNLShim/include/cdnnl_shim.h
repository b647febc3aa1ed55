#ifndef CDNNL_SHIM_H
#define CDNNL_SHIM_H

/// The value of the DNNL_MEMORY_ALLOCATE macro, which Swift cannot import: asks oneDNN to own a memory buffer.
void *cairn_dnnl_memory_allocate(void);

/// Sets the number of OpenMP threads that oneDNN (built with the OpenMP runtime on Debian) uses.
void cairn_set_num_threads(int count);

/// The number of OpenMP threads that parallel regions will use.
int cairn_max_threads(void);

#endif
