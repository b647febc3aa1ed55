// oneDNN primitives of an NB201 training step, timed alone: the same source builds against oneDNN 2.x (Debian's
// libdnnl-dev) and 3.x (PyPI's onednn-devel), so bench/onednn/compare.sh can time both versions in one run.
// Activations are channel-blocked as Cairn lays them out (oneDNN picks the layout of convolution operands; the
// memory-bound ops take nChw16c). Each figure: median over 5 rounds of the mean of back-to-back calls (each round
// at least 0.1 s), after 2 warm-up rounds, as cairn-bench conv.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oneapi/dnnl/dnnl.h"

#define CHECK(call)                                                                          \
  do {                                                                                       \
    dnnl_status_t s = (call);                                                                \
    if (s != dnnl_success) {                                                                 \
      fprintf(stderr, "%s:%d: %s failed with status %d\n", __FILE__, __LINE__, #call, (int)s); \
      exit(2);                                                                               \
    }                                                                                        \
  } while (0)

#if DNNL_VERSION_MAJOR >= 3
typedef dnnl_memory_desc_t md_t;      // an opaque handle
typedef const_dnnl_memory_desc_t cmd_t;
#define MD(x) (x)
#else
typedef dnnl_memory_desc_t md_t;      // a struct
typedef const dnnl_memory_desc_t *cmd_t;
#define MD(x) (&(x))
#endif

static dnnl_engine_t engine;
static dnnl_stream_t stream;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static md_t make_md(int n, const dnnl_dims_t dims, dnnl_data_type_t type, dnnl_format_tag_t tag) {
  md_t md;
#if DNNL_VERSION_MAJOR >= 3
  CHECK(dnnl_memory_desc_create_with_tag(&md, n, dims, type, tag));
#else
  CHECK(dnnl_memory_desc_init_by_tag(&md, n, dims, type, tag));
#endif
  return md;
}

/// A primitive with memory for every argument it takes (filled with 0.01), ready to execute.
typedef struct {
  dnnl_primitive_t primitive;
  int count;
  dnnl_exec_arg_t args[12];
  const char *impl;
} runnable_t;

static void add_arg(runnable_t *r, dnnl_primitive_desc_t pd, int arg) {
  cmd_t md = dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg);
  size_t size = dnnl_memory_desc_get_size(md);
  if (size == 0) return;
  void *buffer = NULL;
  if (posix_memalign(&buffer, 64, size) != 0) exit(2);
  memset(buffer, 0, size);
  if (arg != DNNL_ARG_SCRATCHPAD && arg != DNNL_ARG_WORKSPACE) {
    // small positive values: f32 0.01 or its bf16 upper half
    dnnl_data_type_t type;
#if DNNL_VERSION_MAJOR >= 3
    CHECK(dnnl_memory_desc_query(md, dnnl_query_data_type, &type));
#else
    type = md->data_type;
#endif
    float v = 0.01f;
    unsigned bits;
    memcpy(&bits, &v, 4);
    if (type == dnnl_bf16) {
      unsigned short half = bits >> 16;
      for (size_t i = 0; i < size / 2; i++) ((unsigned short *)buffer)[i] = half;
    } else {
      for (size_t i = 0; i < size / 4; i++) ((float *)buffer)[i] = v;
    }
  }
  dnnl_memory_t memory;
  CHECK(dnnl_memory_create(&memory, md, engine, buffer));
  r->args[r->count].arg = arg;
  r->args[r->count].memory = memory;
  r->count++;
}

static runnable_t runnable(dnnl_primitive_desc_t pd, const int *args, int count) {
  runnable_t r = {0};
  CHECK(dnnl_primitive_create(&r.primitive, pd));
  CHECK(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &r.impl));
  for (int i = 0; i < count; i++) add_arg(&r, pd, args[i]);
  add_arg(&r, pd, DNNL_ARG_SCRATCHPAD);
  return r;
}

static void run(runnable_t *r) {
  CHECK(dnnl_primitive_execute(r->primitive, stream, r->count, r->args));
  CHECK(dnnl_stream_wait(stream));
}

static double seconds(runnable_t *r) {
  for (int i = 0; i < 2; i++) run(r);
  double rounds[5];
  for (int k = 0; k < 5; k++) {
    int calls = 0;
    double start = now(), elapsed;
    do {
      run(r);
      calls++;
      elapsed = now() - start;
    } while (elapsed < 0.1);
    rounds[k] = elapsed / calls;
  }
  for (int i = 0; i < 5; i++)
    for (int j = i + 1; j < 5; j++)
      if (rounds[j] < rounds[i]) { double t = rounds[i]; rounds[i] = rounds[j]; rounds[j] = t; }
  return rounds[2];
}

static dnnl_primitive_attr_t attributes(void) {
  dnnl_primitive_attr_t attr;
  CHECK(dnnl_primitive_attr_create(&attr));
  CHECK(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user));
  return attr;
}

/// Forward, backward-data and backward-weights of one convolution: prints GFLOP/s and kernels.
static void convolution(const char *name, dnnl_dim_t n, dnnl_dim_t c, dnnl_dim_t o, dnnl_dim_t size,
                        dnnl_dim_t k, dnnl_dim_t stride, dnnl_data_type_t type) {
  dnnl_dim_t pad = k / 2, out = (size + 2 * pad - k) / stride + 1;
  dnnl_dims_t src_dims = {n, c, size, size}, wei_dims = {o, c, k, k}, dst_dims = {n, o, out, out};
  dnnl_dims_t strides = {stride, stride}, dilates = {0, 0}, pads = {pad, pad};
  int image = c == 3;
  md_t src = make_md(4, src_dims, image ? dnnl_f32 : type, image ? dnnl_nchw : dnnl_format_tag_any);
  md_t wei = make_md(4, wei_dims, image ? dnnl_f32 : type, dnnl_format_tag_any);
  md_t dst = make_md(4, dst_dims, dnnl_f32, dnnl_format_tag_any);
  md_t diff_dst = make_md(4, dst_dims, image ? dnnl_f32 : type, dnnl_format_tag_any);
  md_t diff_src = make_md(4, src_dims, dnnl_f32, dnnl_format_tag_any);
  md_t diff_wei = make_md(4, wei_dims, dnnl_f32, dnnl_format_tag_any);
  dnnl_primitive_attr_t attr = attributes();
  dnnl_primitive_desc_t fwd, bwd_d, bwd_w;
#if DNNL_VERSION_MAJOR >= 3
  CHECK(dnnl_convolution_forward_primitive_desc_create(&fwd, engine, dnnl_forward_training,
      dnnl_convolution_direct, src, wei, NULL, dst, strides, dilates, pads, pads, attr));
  CHECK(dnnl_convolution_backward_data_primitive_desc_create(&bwd_d, engine,
      dnnl_convolution_direct, diff_src, wei, diff_dst, strides, dilates, pads, pads, fwd, attr));
  CHECK(dnnl_convolution_backward_weights_primitive_desc_create(&bwd_w, engine,
      dnnl_convolution_direct, src, diff_wei, NULL, diff_dst, strides, dilates, pads, pads, fwd,
      attr));
#else
  dnnl_convolution_desc_t f, d, w;
  CHECK(dnnl_dilated_convolution_forward_desc_init(&f, dnnl_forward_training,
      dnnl_convolution_direct, &src, &wei, NULL, &dst, strides, dilates, pads, pads));
  CHECK(dnnl_primitive_desc_create(&fwd, &f, attr, engine, NULL));
  CHECK(dnnl_dilated_convolution_backward_data_desc_init(&d, dnnl_convolution_direct, &diff_src,
      &wei, &diff_dst, strides, dilates, pads, pads));
  CHECK(dnnl_primitive_desc_create(&bwd_d, &d, attr, engine, fwd));
  CHECK(dnnl_dilated_convolution_backward_weights_desc_init(&w, dnnl_convolution_direct, &src,
      &diff_wei, NULL, &diff_dst, strides, dilates, pads, pads));
  CHECK(dnnl_primitive_desc_create(&bwd_w, &w, attr, engine, fwd));
#endif
  int fa[] = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
  int da[] = {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC};
  int wa[] = {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS};
  runnable_t rf = runnable(fwd, fa, 3), rd = runnable(bwd_d, da, 3), rw = runnable(bwd_w, wa, 3);
  double flops = 2.0 * n * o * out * out * c * k * k;
  double tf = seconds(&rf), td = image ? 0 : seconds(&rd), tw = seconds(&rw);
  printf("conv\t%s\t%s\t%.4f\t%.4f\t%.4f\t%.1f\t%s, %s, %s\n", name,
         type == dnnl_bf16 ? "bf16" : "fp32", tf * 1e3, td * 1e3, tw * 1e3,
         (image ? 2 : 3) * flops / (tf + td + tw) / 1e9, rf.impl, image ? "-" : rd.impl, rw.impl);
}

/// Batch norm (training forward, backward with scale and shift), ReLU (forward, backward), addition and 3x3
/// average pooling (forward, backward) on one nChw16c activation: prints ms per call.
static void memory_bound(dnnl_dim_t n, dnnl_dim_t c, dnnl_dim_t size) {
  dnnl_dims_t dims = {n, c, size, size};
  md_t x = make_md(4, dims, dnnl_f32, dnnl_nChw16c);
  dnnl_primitive_attr_t attr = attributes();
  unsigned flags = dnnl_use_scale | dnnl_use_shift;
  dnnl_dims_t strides = {1, 1}, kernel = {3, 3}, pads = {1, 1}, dilation = {0, 0};
  dnnl_primitive_desc_t bn_f, bn_b, relu_f, relu_b, add, pool_f, pool_b;
#if DNNL_VERSION_MAJOR >= 3
  CHECK(dnnl_batch_normalization_forward_primitive_desc_create(&bn_f, engine,
      dnnl_forward_training, x, x, 1e-5f, flags, attr));
  CHECK(dnnl_batch_normalization_backward_primitive_desc_create(&bn_b, engine, dnnl_backward, x,
      x, x, 1e-5f, flags, bn_f, attr));
  CHECK(dnnl_eltwise_forward_primitive_desc_create(&relu_f, engine, dnnl_forward_training,
      dnnl_eltwise_relu, x, x, 0, 0, attr));
  CHECK(dnnl_eltwise_backward_primitive_desc_create(&relu_b, engine, dnnl_eltwise_relu, x, x, x,
      0, 0, relu_f, attr));
  CHECK(dnnl_binary_primitive_desc_create(&add, engine, dnnl_binary_add, x, x, x, attr));
  CHECK(dnnl_pooling_forward_primitive_desc_create(&pool_f, engine, dnnl_forward_training,
      dnnl_pooling_avg_exclude_padding, x, x, strides, kernel, dilation, pads, pads, attr));
  CHECK(dnnl_pooling_backward_primitive_desc_create(&pool_b, engine,
      dnnl_pooling_avg_exclude_padding, x, x, strides, kernel, dilation, pads, pads, pool_f, attr));
#else
  dnnl_batch_normalization_desc_t bf, bb;
  CHECK(dnnl_batch_normalization_forward_desc_init(&bf, dnnl_forward_training, &x, 1e-5f, flags));
  CHECK(dnnl_primitive_desc_create(&bn_f, &bf, attr, engine, NULL));
  CHECK(dnnl_batch_normalization_backward_desc_init(&bb, dnnl_backward, &x, &x, 1e-5f, flags));
  CHECK(dnnl_primitive_desc_create(&bn_b, &bb, attr, engine, bn_f));
  dnnl_eltwise_desc_t ef, eb;
  CHECK(dnnl_eltwise_forward_desc_init(&ef, dnnl_forward_training, dnnl_eltwise_relu, &x, 0, 0));
  CHECK(dnnl_primitive_desc_create(&relu_f, &ef, attr, engine, NULL));
  CHECK(dnnl_eltwise_backward_desc_init(&eb, dnnl_eltwise_relu, &x, &x, 0, 0));
  CHECK(dnnl_primitive_desc_create(&relu_b, &eb, attr, engine, relu_f));
  dnnl_binary_desc_t a;
  CHECK(dnnl_binary_desc_init(&a, dnnl_binary_add, &x, &x, &x));
  CHECK(dnnl_primitive_desc_create(&add, &a, attr, engine, NULL));
  dnnl_pooling_v2_desc_t pf, pb;
  CHECK(dnnl_pooling_v2_forward_desc_init(&pf, dnnl_forward_training,
      dnnl_pooling_avg_exclude_padding, &x, &x, strides, kernel, dilation, pads, pads));
  CHECK(dnnl_primitive_desc_create(&pool_f, &pf, attr, engine, NULL));
  CHECK(dnnl_pooling_v2_backward_desc_init(&pb, dnnl_pooling_avg_exclude_padding, &x, &x,
      strides, kernel, dilation, pads, pads));
  CHECK(dnnl_primitive_desc_create(&pool_b, &pb, attr, engine, pool_f));
#endif
  int bnf[] = {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_SCALE,
               DNNL_ARG_SHIFT};
  int bnb[] = {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST,
               DNNL_ARG_DIFF_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DIFF_SCALE,
               DNNL_ARG_DIFF_SHIFT};
  int ef_args[] = {DNNL_ARG_SRC, DNNL_ARG_DST};
  int eb_args[] = {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC};
  int add_args[] = {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST};
  int pf_args[] = {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_WORKSPACE};
  int pb_args[] = {DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC, DNNL_ARG_WORKSPACE};
  struct { const char *name; runnable_t r; } ops[] = {
      {"bn fwd", runnable(bn_f, bnf, 6)},        {"bn bwd", runnable(bn_b, bnb, 9)},
      {"relu fwd", runnable(relu_f, ef_args, 2)}, {"relu bwd", runnable(relu_b, eb_args, 3)},
      {"add", runnable(add, add_args, 3)},        {"avgpool fwd", runnable(pool_f, pf_args, 3)},
      {"avgpool bwd", runnable(pool_b, pb_args, 3)},
  };
  for (int i = 0; i < 7; i++) {
    printf("op\t%s %ldx%ldx%ldx%ld\tfp32\t%.4f\t%s\n", ops[i].name, (long)n, (long)c, (long)size,
           (long)size, seconds(&ops[i].r) * 1e3, ops[i].r.impl);
  }
}

int main(void) {
  CHECK(dnnl_engine_create(&engine, dnnl_cpu, 0));
  CHECK(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags));
  const dnnl_version_t *v = dnnl_version();
  printf("version\t%d.%d.%d\t%s\n", v->major, v->minor, v->patch,
         v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "TBB");
  struct { const char *name; dnnl_dim_t c, o, size, k, stride; } shapes[] = {
      {"3x3 16->16 @32", 16, 16, 32, 3, 1}, {"3x3 32->32 @16", 32, 32, 16, 3, 1},
      {"3x3 64->64 @8", 64, 64, 8, 3, 1},   {"1x1 16->16 @32", 16, 16, 32, 1, 1},
      {"1x1 32->32 @16", 32, 32, 16, 1, 1}, {"1x1 64->64 @8", 64, 64, 8, 1, 1},
      {"3x3 s2 16->32 @32", 16, 32, 32, 3, 2}, {"3x3 s2 32->64 @16", 32, 64, 16, 3, 2},
      {"stem 3x3 3->16 @32", 3, 16, 32, 3, 1},
  };
  int with_bf16 = getenv("BENCH_BF16") != NULL;
  for (int t = 0; t < (with_bf16 ? 2 : 1); t++)
    for (int i = 0; i < 9; i++)
      convolution(shapes[i].name, 64, shapes[i].c, shapes[i].o, shapes[i].size, shapes[i].k,
                  shapes[i].stride, t == 0 ? dnnl_f32 : dnnl_bf16);
  memory_bound(64, 16, 32);
  memory_bound(64, 32, 16);
  memory_bound(64, 64, 8);
  return 0;
}
