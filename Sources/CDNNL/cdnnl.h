// oneDNN 2.6 C API (Debian package libdnnl-dev).
#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl_debug.h>
