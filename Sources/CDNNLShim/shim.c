#include "cdnnl_shim.h"
#include <stddef.h>

// libgomp's entry points; declared here so no OpenMP compiler flag is needed.
extern void omp_set_num_threads(int);
extern int omp_get_max_threads(void);
extern int omp_get_thread_num(void);
extern int omp_get_num_threads(void);
// What `#pragma omp parallel` compiles to with GCC's OpenMP runtime.
extern void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);

void *cairn_dnnl_memory_allocate(void) { return (void *)(size_t)-1; }

void cairn_set_num_threads(int count) { omp_set_num_threads(count); }

int cairn_max_threads(void) { return omp_get_max_threads(); }

typedef struct {
  void (*body)(void *, int, int);
  void *context;
} cairn_team_task;

static void cairn_team_run(void *data) {
  cairn_team_task *task = data;
  task->body(task->context, omp_get_thread_num(), omp_get_num_threads());
}

void cairn_parallel(void (*body)(void *, int, int), void *context, int threads) {
  cairn_team_task task = {body, context};
  GOMP_parallel(cairn_team_run, &task, (unsigned)threads, 0);
}
