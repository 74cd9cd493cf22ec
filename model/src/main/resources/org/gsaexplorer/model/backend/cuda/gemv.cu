// The decode step's batch-1 GEMVs (after gsa_layout.cu: prep_one for the qkvf projection).

// Batch-1 matrix-vector products y = W·u, W row-major [rows, cols] in the checkpoint dtype, streamed in 16-byte
// vectors. u is prepared in shared memory by every block (cols floats from L2; the grid is one wave of resident
// blocks that stride over the rows, so this costs little next to the weights):
//   PRE 0: u = x;   PRE 1: u = RMSNorm(x; nw, eps);   PRE 2: u = RMSNorm(SiLU(x); nw, eps)   (g_norm)
// The norm's scale 1/rms is a scalar, so the block stages x∘nw and applies the scale to the finished dot products.
// Each warp owns one row at a time (ks = 1) or a 1/ks slice of it (ks = 2, 4, 8: the block's 8 warps split into
// 8/ks row groups, the slices summed through shared memory; no atomics). Small matrices take ks > 1 so that enough
// warps stream at once. The weights pass through a ring of GEMV_STAGES batches per warp in shared memory, filled with
// cp.async: each lane copies, and later reads, only its own GEMV_BATCH 16-byte vectors per batch, so its own wait is
// the only synchronisation. The first batches are requested before waiting for the previous kernel (the weights do
// not depend on it) and every consumed batch is refilled at once, so each warp keeps GEMV_STAGES batches in flight
// through the staging of u and from row to row, without holding them in registers. Outputs:
//   POST 0: y[r] = W_r·u;   POST 1: y[r] += W_r·u (residual);   POST 2: y[r] = SiLU(W_r·u)·(W_{r+rows}·u) (SwiGLU)
//   POST 3: y[r] = prep of channel r applied to W_r·u (the decode step's qkvf projection, one launch less per layer)
//   POST 4: y[r] = W_r·u, and the first index of the largest y folded into *best (the decode step's LM head: the
//           greedy token without an argmax launch; see pack_best)
// Dynamic shared memory: 4·(cols rounded up to 4) + the ring's bytes (GemvLaunch.shared). gemv_ref below is the
// plain one-thread-per-row form the tests compare against.
// GEMV_STAGES (batches in the ring), GEMV_BATCH (vectors per lane per batch; SwiGLU: one from the gate row, one from
// the up row) and GEMV_BLOCKS_PER_SM (the launch bounds) are set by Kernels, which sizes the launches from them.

__device__ __forceinline__ uint4 ld_stream(const uint4* p) {
    uint4 v;
    asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w) : "l"(p));
    return v;
}
// 16 bytes global → shared without a register round trip (sm_80+; before that a plain copy)
__device__ __forceinline__ void cp16(uint4* dst, const uint4* src) {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" :: "r"(smem_u32(dst)), "l"(src) : "memory");
#else
    *dst = ld_stream(src);
#endif
}
__device__ __forceinline__ void cp_commit() {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.commit_group;" ::: "memory");
#endif
}
// every group but the newest GEMV_STAGES - 1 has landed
__device__ __forceinline__ void cp_wait_stages() {
#if __CUDA_ARCH__ >= 800
    asm volatile("cp.async.wait_group %0;" :: "n"(GEMV_STAGES - 1) : "memory");
#endif
}
template<int DT> struct Pack;
template<> struct Pack<DTYPE_F32> {
    static constexpr int N = 4;
    static __device__ __forceinline__ float dot(uint4 w, const float* u) {
        float4 a = *(const float4*) u;
        return __uint_as_float(w.x) * a.x + __uint_as_float(w.y) * a.y + __uint_as_float(w.z) * a.z + __uint_as_float(w.w) * a.w;
    }
};
template<int DT> __device__ __forceinline__ float half2dot(u32 w, float u0, float u1) {
    u16 lo = (u16) (w & 0xffffu), hi = (u16) (w >> 16);
    return DT == DTYPE_F16 ? h2f(lo) * u0 + h2f(hi) * u1 : bf2f(lo) * u0 + bf2f(hi) * u1;
}
template<> struct Pack<DTYPE_F16> {
    static constexpr int N = 8;
    static __device__ __forceinline__ float dot(uint4 w, const float* u) {
        float4 a = *(const float4*) u, b = *(const float4*) (u + 4);
        return half2dot<DTYPE_F16>(w.x, a.x, a.y) + half2dot<DTYPE_F16>(w.y, a.z, a.w) + half2dot<DTYPE_F16>(w.z, b.x, b.y) + half2dot<DTYPE_F16>(w.w, b.z, b.w);
    }
};
template<> struct Pack<DTYPE_BF16> {
    static constexpr int N = 8;
    static __device__ __forceinline__ float dot(uint4 w, const float* u) {
        float4 a = *(const float4*) u, b = *(const float4*) (u + 4);
        return half2dot<DTYPE_BF16>(w.x, a.x, a.y) + half2dot<DTYPE_BF16>(w.y, a.z, a.w) + half2dot<DTYPE_BF16>(w.z, b.x, b.y) + half2dot<DTYPE_BF16>(w.w, b.z, b.w);
    }
};

__device__ __forceinline__ u64 globaltimer() {
    u64 t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
    return t;
}
__device__ __forceinline__ u32 ld_acquire(const u32* p) {
    u32 v;
    asm volatile("ld.acquire.gpu.global.u32 %0, [%1];" : "=r"(v) : "l"(p) : "memory");
    return v;
}
// A logit and its index as one integer whose unsigned order is the greedy choice: larger value first, then lower
// index (-0 counts as +0; NaN is never packed). 0 packs nothing, so atomicMax into a zeroed word keeps the best.
__device__ __forceinline__ u64 pack_best(float v, int i) {
    u32 b = __float_as_uint(v == 0.f ? 0.f : v);
    b = (b & 0x80000000u) ? ~b : (b | 0x80000000u);
    return ((u64) b << 32) | (u64) (~(u32) i);
}
__device__ __forceinline__ int best_index(u64 p) {
    return p == 0 ? 0 : (int) ~(u32) p;
}
// The block is bid of nblk (a kernel's own blocks, or the GEMV part of slot_o). With ready (slot_o): after the previous
// kernel, also wait until ready[0] reaches need (the slot blocks have written o); the last block through resets
// ready[0..2].
template<int DT, int PRE, int POST>
__device__ void gemv(const void* __restrict__ W, const float* x, const float* __restrict__ nw, float eps,
                     float* __restrict__ y, int rows, int cols, int ks, PrepArgs pa, int bid, int nblk,
                     u32* ready = nullptr, u32 need = 0, u64* best = nullptr) {
    extern __shared__ __align__(16) float u[];
    __shared__ float part[2][32];
    __shared__ float sq[32];
    constexpr int N = Pack<DT>::N, NM = POST == 2 ? 2 : 1, U = GEMV_BATCH / NM, EB = DT == DTYPE_F32 ? 4 : 2;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    int groups = nwarps / ks, grp = warp / ks, sub = warp % ks;
    bool vec = (cols % N) == 0;
    int nv = cols / N, seg = (nv + ks - 1) / ks;
    int s0 = min(nv, sub * seg), s1 = min(nv, s0 + seg);
    int rstep = nblk * groups, r0 = bid * groups;
    // row passes and batches per row are the same for every warp of the block (ks > 1 meets at a barrier per row)
    int passes = r0 < rows ? (rows - r0 + rstep - 1) / rstep : 0;
    int per_row = vec ? (seg + 32 * U - 1) / (32 * U) : 0, nb = passes * per_row;
    uint4* ring = (uint4*) (u + ((cols + 3) & ~3)) + warp * (GEMV_STAGES * NM * U * 32);
    // batch b: the vectors from s0 + (b % per_row)·32·U of row r0 + (b / per_row)·rstep + grp (and its up row)
    auto issue = [&](int b) {
        int r = r0 + (b / max(per_row, 1)) * rstep + grp, i0 = s0 + (b % max(per_row, 1)) * 32 * U;
        if (b < nb && r < rows) {
            uint4* slot = ring + (b % GEMV_STAGES) * (NM * U * 32);
#pragma unroll
            for (int m = 0; m < NM; m++) {
                const uint4* wr = (const uint4*) ((const char*) W + ((size_t) r + (size_t) m * rows) * cols * EB);
#pragma unroll
                for (int q = 0; q < U; q++) {
                    int i = i0 + q * 32 + lane;
                    if (i < s1) cp16(slot + (m * U + q) * 32 + lane, wr + i);
                }
            }
        }
        cp_commit(); // one group per batch, empty or not, so that cp_wait_stages counts batches
    };
    for (int b = 0; b < GEMV_STAGES; b++) issue(b);
    pdl_trigger();
    bool vec4 = (cols & 3) == 0;
    // the norm's weights do not depend on the previous kernel either: into u now, off the critical path
    if (nw && vec4)
        for (int i = threadIdx.x * 4; i < cols; i += blockDim.x * 4) *(float4*) (u + i) = *(const float4*) (nw + i);
    pdl_wait();
    // POST 1: the residual of the warp's first row, read now so that the read is off the kernel's tail (y is final
    // once the previous kernel is: its other writers ran before that)
    float resid0 = POST == 1 && r0 + grp < rows && sub == 0 && lane == 0 ? y[r0 + grp] : 0.f;
    if (ready) {
        if (threadIdx.x == 0) {
            u64 t0 = globaltimer();
            while (ld_acquire(ready) < need)
                if (globaltimer() - t0 > 2000000000ull) __trap(); // 2 s: a broken protocol fails the launch, not hangs
            if (atomicAdd(ready + 1, 1u) == (u32) nblk - 1) { ready[0] = 0; ready[1] = 0; ready[2] = 0; }
        }
        __syncthreads();
    }
    float scale = 1.f;
    {
        float ss = 0.f;
        int i0 = 0;
        if (vec4) { // 16-byte loads, unrolled so that several are in flight at once: one L2 round trip, not eight
            i0 = cols;
#pragma unroll 4
            for (int i = threadIdx.x * 4; i < cols; i += blockDim.x * 4) {
                float4 v = *(const float4*) (x + i);
                if (PRE == 2) { v.x = silu(v.x); v.y = silu(v.y); v.z = silu(v.z); v.w = silu(v.w); }
                ss += v.x * v.x + v.y * v.y + v.z * v.z + v.w * v.w;
                if (nw) {
                    float4 g = *(const float4*) (u + i); // this thread's own staging of nw above
                    v.x *= g.x; v.y *= g.y; v.z *= g.z; v.w *= g.w;
                }
                *(float4*) (u + i) = v;
            }
        }
        for (int i = i0 + threadIdx.x; i < cols; i += blockDim.x) {
            float v = PRE == 2 ? silu(x[i]) : x[i];
            ss += v * v;
            u[i] = nw ? v * nw[i] : v;
        }
        ss = warp_sum(ss);
        if (lane == 0) sq[warp] = ss;
        __syncthreads();
        float tot = 0.f;
        for (int i = 0; i < nwarps; i++) tot += sq[i];
        if (PRE != 0) scale = rsqrtf(tot / cols + eps);
    }
    float a = 0.f, b2 = 0.f;
    u64 top = 0; // POST 4: this warp's best row so far
    auto finish = [&](int r) {
        a = warp_sum(a);
        if (POST == 2) b2 = warp_sum(b2);
        if (ks > 1) {
            if (lane == 0) { part[0][warp] = a; part[1][warp] = b2; }
            __syncthreads();
            if (sub == 0) {
                for (int j = 1; j < ks; j++) { a += part[0][warp + j]; b2 += part[1][warp + j]; }
            }
            __syncthreads();
        }
        if (r < rows && sub == 0 && lane == 0) {
            a *= scale;
            if (POST == 2) y[r] = silu(a) * (b2 * scale);
            else if (POST == 3) y[r] = prep_one(r, a, pa);
            else y[r] = POST == 1 ? (r == r0 + grp ? resid0 : y[r]) + a : a;
            if (POST == 4 && a == a) top = max(top, pack_best(a, r));
        }
        a = b2 = 0.f;
    };
    if (vec) {
        for (int b = 0; b < nb; b++) {
            cp_wait_stages();
            int q0 = b % per_row, i0 = s0 + q0 * 32 * U;
            const uint4* slot = ring + (b % GEMV_STAGES) * (NM * U * 32);
#pragma unroll
            for (int q = 0; q < U; q++) {
                int i = i0 + q * 32 + lane;
                if (i < s1) {
                    a += Pack<DT>::dot(slot[q * 32 + lane], u + i * N);
                    if (POST == 2) b2 += Pack<DT>::dot(slot[(U + q) * 32 + lane], u + i * N);
                }
            }
            issue(b + GEMV_STAGES); // into the slot just read
            if (q0 == per_row - 1) finish(r0 + (b / per_row) * rstep + grp);
        }
    } else {
        for (int p = 0; p < passes; p++) {
            int r = r0 + p * rstep + grp;
            if (r < rows && sub == 0) {
                const char* ra = (const char*) W + (size_t) r * cols * EB;
                const char* rb = (const char*) W + ((size_t) r + rows) * cols * EB;
                for (int i = lane; i < cols; i += 32) {
                    a += loadw(ra, i, DT) * u[i];
                    if (POST == 2) b2 += loadw(rb, i, DT) * u[i];
                }
            }
            finish(r);
        }
    }
    if (POST == 4) { // one atomic per block; the next step's embed_token reads and clears *best
        __shared__ u64 tops[32];
        if (lane == 0) tops[warp] = top;
        __syncthreads();
        if (threadIdx.x == 0) {
            for (int i = 1; i < nwarps; i++) top = max(top, tops[i]);
            if (top) atomicMax(best, top);
        }
    }
}

#define GEMV(NAME, DT, PRE, POST) \
extern "C" __global__ void __launch_bounds__(256, GEMV_BLOCKS_PER_SM) NAME(const void* W, const float* x, const float* nw, \
        float eps, float* y, int rows, int cols, int ks) { \
    gemv<DT, PRE, POST>(W, x, nw, eps, y, rows, cols, ks, PrepArgs{}, blockIdx.x, gridDim.x); }
GEMV(gemv_f32_10, DTYPE_F32, 1, 0) GEMV(gemv_f32_21, DTYPE_F32, 2, 1) GEMV(gemv_f32_12, DTYPE_F32, 1, 2) GEMV(gemv_f32_01, DTYPE_F32, 0, 1)
GEMV(gemv_f16_10, DTYPE_F16, 1, 0) GEMV(gemv_f16_21, DTYPE_F16, 2, 1) GEMV(gemv_f16_12, DTYPE_F16, 1, 2) GEMV(gemv_f16_01, DTYPE_F16, 0, 1)
GEMV(gemv_bf16_10, DTYPE_BF16, 1, 0) GEMV(gemv_bf16_21, DTYPE_BF16, 2, 1) GEMV(gemv_bf16_12, DTYPE_BF16, 1, 2) GEMV(gemv_bf16_01, DTYPE_BF16, 0, 1)
// the decode step's LM head: RMSNorm, logits and the greedy token into *best (zero on entry)
#define GEMV_BEST(NAME, DT) \
extern "C" __global__ void __launch_bounds__(256, GEMV_BLOCKS_PER_SM) NAME(const void* W, const float* x, const float* nw, \
        float eps, float* y, int rows, int cols, int ks, u64* best) { \
    gemv<DT, 1, 4>(W, x, nw, eps, y, rows, cols, ks, PrepArgs{}, blockIdx.x, gridDim.x, nullptr, 0, best); }
GEMV_BEST(gemv_f32_best, DTYPE_F32) GEMV_BEST(gemv_f16_best, DTYPE_F16) GEMV_BEST(gemv_bf16_best, DTYPE_BF16)
// RMSNorm, projection to qkvf and prep of the one token (rows = QKVF_STRIDE)
#define GEMV_PREP(NAME, DT) \
extern "C" __global__ void __launch_bounds__(256, GEMV_BLOCKS_PER_SM) NAME(const void* W, const float* x, const float* nw, float eps, float* y, \
        int rows, int cols, int ks, const float* conv_w, float* conv_state, int width, float* alpha, float* write, \
        float tau, int fm, int active, int no_forget, float const_decay, const float* decay_table) { \
    gemv<DT, 1, 3>(W, x, nw, eps, y, rows, cols, ks, \
            PrepArgs{conv_w, conv_state, width, alpha, write, tau, fm, active, no_forget, const_decay, decay_table}, \
            blockIdx.x, gridDim.x); }
GEMV_PREP(gemv_f32_prep, DTYPE_F32) GEMV_PREP(gemv_f16_prep, DTYPE_F16) GEMV_PREP(gemv_bf16_prep, DTYPE_BF16)
#undef GEMV
#undef GEMV_BEST
#undef GEMV_PREP

// Reference for the tests: y[r] = Σ_i W[r,i]·x[i], one thread per row, no tricks.
extern "C" __global__ void gemv_ref(const void* W, int dt, const float* x, float* y, int rows, int cols) {
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    float acc = 0.f;
    for (int i = 0; i < cols; i++) acc += loadw(W, (size_t) r * cols + i, dt) * x[i];
    y[r] = acc;
}
