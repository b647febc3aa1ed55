// zlib from Debian's zlib1g-dev, for gzip compression and decompression in CairnCore.
#include <zlib.h>
