// Device helpers shared by the GSA kernels and baselines.cu: CudaModule compiles this file in front of each program
// (no CUDA headers).
// Weight dtypes are the codes DTYPE_F32, DTYPE_F16 and DTYPE_BF16 (HostCast, passed as -D by CudaModule).

typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define NEG_INF __int_as_float(0xff800000)

__device__ __forceinline__ float bf2f(u16 h) { return __uint_as_float(((u32) h) << 16); }
__device__ __forceinline__ float h2f(u16 h) { float f; asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h)); return f; }
__device__ __forceinline__ u16 f2h(float f) { u16 h; asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f)); return h; }
// round to nearest even, NaN kept quiet (same rule as DType.toBf16)
__device__ __forceinline__ u16 f2bf(float f) {
    u32 b = __float_as_uint(f);
    if ((b & 0x7fffffffu) > 0x7f800000u) return (u16) ((b >> 16) | 0x40);
    return (u16) ((b + 0x7fffu + ((b >> 16) & 1u)) >> 16);
}
__device__ __forceinline__ float loadw(const void* p, size_t i, int dt) {
    if (dt == DTYPE_F32) return ((const float*) p)[i];
    u16 h = ((const u16*) p)[i];
    return dt == DTYPE_F16 ? h2f(h) : bf2f(h);
}
__device__ __forceinline__ void storew(void* p, size_t i, int dt, float v) {
    if (dt == DTYPE_F32) ((float*) p)[i] = v;
    else ((u16*) p)[i] = dt == DTYPE_F16 ? f2h(v) : f2bf(v);
}
__device__ __forceinline__ float silu(float x) { return x / (1.f + expf(-x)); }
__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}
// sum (or maximum) over the block (blockDim a multiple of 32, at most 1024); every thread gets the result
__device__ float block_reduce(float v, bool isMax) {
    __shared__ float part[32];
    __shared__ float total;
    int lane = threadIdx.x & 31, w = threadIdx.x >> 5;
    v = isMax ? warp_max(v) : warp_sum(v);
    __syncthreads();
    if (lane == 0) part[w] = v;
    __syncthreads();
    if (w == 0) {
        float s = lane < (blockDim.x >> 5) ? part[lane] : (isMax ? NEG_INF : 0.f);
        s = isMax ? warp_max(s) : warp_sum(s);
        if (lane == 0) total = s;
    }
    __syncthreads();
    return total;
}

// Random weights for benchmarks without a checkpoint: uniform in [-scale, scale] from a counter-based hash, or a constant.
__device__ __forceinline__ u64 mix64(u64 z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
extern "C" __global__ void fill_uniform(void* dst, int dt, u64 n, u64 seed, float scale) {
    for (u64 i = (u64) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        float r = (float) (mix64(seed * 0x9e3779b97f4a7c15ull + i) >> 40) * (1.f / 16777216.f);
        storew(dst, i, dt, (2.f * r - 1.f) * scale);
    }
}
extern "C" __global__ void fill_const(float* dst, u64 n, float v) {
    for (u64 i = (u64) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) dst[i] = v;
}
