// GSA forward-pass kernels, compiled at start-up by NVRTC after common.cu (no CUDA headers needed).
// The model's head shape is fixed at compile time so the slot state can live in registers:
//   GSA_M slots, GSA_DK / GSA_DV head dims, GSA_HQ query heads, GSA_HKV kv heads.
// Activations, state and accumulation are fp32.

#define M GSA_M
#define DK GSA_DK
#define DV GSA_DV
#define HQ GSA_HQ
#define HKV GSA_HKV
#define G (GSA_HQ / GSA_HKV)

// Programmatic dependent launch (sm_90+): the decode GEMVs are launched to overlap the previous kernel's end; they
// issue their first weight loads, then wait for the previous grid's results. Without such a launch both are no-ops.
// What the previous grid writes is not read-only while a dependent runs, so those inputs are never const __restrict__
// (which lets the compiler use the non-coherent load path and schedule the loads before the wait).
__device__ __forceinline__ void pdl_wait() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}
__device__ __forceinline__ void pdl_trigger() {
#if __CUDA_ARCH__ >= 900
    asm volatile("griddepcontrol.launch_dependents;" :::);
#endif
}
// shared-memory address of a generic pointer into shared memory
__device__ __forceinline__ u32 smem_u32(const void* p) {
    u32 r;
    asm("{ .reg .u64 t; cvta.to.shared.u64 t, %1; cvt.u32.u64 %0, t; }" : "=r"(r) : "l"(p));
    return r;
}
// feature maps: 0 swish, 1 relu, 2 relu2, 3 identity (the model's t2r matrix is applied before, by t2r_rows)
__device__ __forceinline__ float feature(float x, int fm) {
    switch (fm) {
        case 0: return silu(x);
        case 1: return fmaxf(x, 0.f);
        case 2: return x > 0.f ? x * x : 0.f;
        default: return x;
    }
}

// Row layout of the projected attention inputs qkvf: [q (HQ·DK) | k (HKV·DK) | v (HKV·DV) | f (HKV·M)].
#define CQ (HQ * DK)
#define CK (HKV * DK)
#define CV (HKV * DV)
#define CF (HKV * M)
#define STRIDE (CQ + CK + CV + CF)
// gate of slot hm from its logit f: α = σ(f)^(1/τ), s = 1 − α, then the ablations (see prep)
__device__ __forceinline__ void gate_of(float f, int hm, float tau, int active, int no_forget, float const_decay,
                                        const float* decay_table, float& a, float& s) {
    a = expf((fminf(f, 0.f) - log1pf(expf(-fabsf(f)))) / tau);
    s = 1.f - a;
    if (hm % M >= active) { a = 1.f; s = 0.f; }
    else if (no_forget) { a = 1.f; }
    else if (decay_table) { a = decay_table[hm]; s = 1.f - a; }
    else if (const_decay >= 0.f) { a = const_decay; s = 1.f - a; }
}
// after the conv: φ on q and k channels (fm < 0: left to t2r_rows), SiLU on v channels
__device__ __forceinline__ float qkv_act(int c, float v, int fm) {
    if (c < CQ + CK) return fm >= 0 ? feature(v, fm) : v;
    return silu(v);
}
// prep's arguments, for the decode GEMV that applies it to the one token it projects (POST 3)
struct PrepArgs {
    const float* conv_w; float* conv_state; int width; float* alpha; float* write; float tau; int fm; int active;
    int no_forget; float const_decay; const float* decay_table;
};
// prep of channel c of a single token: short conv over conv_state (updated), activation, or the gate for f channels
__device__ __forceinline__ float prep_one(int c, float v, const PrepArgs& p) {
    if (c >= CQ + CK + CV) {
        int hm = c - (CQ + CK + CV);
        float a, s;
        gate_of(v, hm, p.tau, p.active, p.no_forget, p.const_decay, p.decay_table, a, s);
        p.alpha[hm] = a;
        p.write[hm] = s;
        return v;
    }
    if (p.conv_w) {
        int hist = p.width - 1;
        const float* cw = p.conv_w + (size_t) c * p.width;
        float* win = p.conv_state + (size_t) c * hist;
        float acc = cw[hist] * v;
        for (int j = 0; j < hist; j++) acc += cw[j] * win[j];
        for (int j = 0; j + 1 < hist; j++) win[j] = win[j + 1];
        if (hist > 0) win[hist - 1] = v;
        v = silu(acc);
    }
    return qkv_act(c, v, p.fm);
}

// ---------------------------------------------------------------------------------------------------------------
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
// Dynamic shared memory: 4·(cols rounded up to 4) + GEMV_RING bytes (CudaSession.gemvShared). gemv_ref below is the
// plain one-thread-per-row form the tests compare against.
// GEMV_STAGES (batches in the ring), GEMV_BATCH (vectors per lane per batch; SwiGLU: one from the gate row, one from
// the up row) and GEMV_BLOCKS_PER_SM (the launch bounds) are set by Kernels, which sizes the launches from them.
#define GEMV_RING (8 * GEMV_STAGES * GEMV_BATCH * 32 * 16)

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
template<> struct Pack<0> {
    static constexpr int N = 4;
    static __device__ __forceinline__ float dot(uint4 w, const float* u) {
        float4 a = *(const float4*) u;
        return __uint_as_float(w.x) * a.x + __uint_as_float(w.y) * a.y + __uint_as_float(w.z) * a.z + __uint_as_float(w.w) * a.w;
    }
};
template<int DT> __device__ __forceinline__ float half2dot(u32 w, float u0, float u1) {
    u16 lo = (u16) (w & 0xffffu), hi = (u16) (w >> 16);
    return DT == 1 ? h2f(lo) * u0 + h2f(hi) * u1 : bf2f(lo) * u0 + bf2f(hi) * u1;
}
template<> struct Pack<1> {
    static constexpr int N = 8;
    static __device__ __forceinline__ float dot(uint4 w, const float* u) {
        float4 a = *(const float4*) u, b = *(const float4*) (u + 4);
        return half2dot<1>(w.x, a.x, a.y) + half2dot<1>(w.y, a.z, a.w) + half2dot<1>(w.z, b.x, b.y) + half2dot<1>(w.w, b.z, b.w);
    }
};
template<> struct Pack<2> {
    static constexpr int N = 8;
    static __device__ __forceinline__ float dot(uint4 w, const float* u) {
        float4 a = *(const float4*) u, b = *(const float4*) (u + 4);
        return half2dot<2>(w.x, a.x, a.y) + half2dot<2>(w.y, a.z, a.w) + half2dot<2>(w.z, b.x, b.y) + half2dot<2>(w.w, b.z, b.w);
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
    constexpr int N = Pack<DT>::N, NM = POST == 2 ? 2 : 1, U = GEMV_BATCH / NM, EB = DT == 0 ? 4 : 2;
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
GEMV(gemv_f32_10, 0, 1, 0) GEMV(gemv_f32_21, 0, 2, 1) GEMV(gemv_f32_12, 0, 1, 2) GEMV(gemv_f32_01, 0, 0, 1)
GEMV(gemv_f16_10, 1, 1, 0) GEMV(gemv_f16_21, 1, 2, 1) GEMV(gemv_f16_12, 1, 1, 2) GEMV(gemv_f16_01, 1, 0, 1)
GEMV(gemv_bf16_10, 2, 1, 0) GEMV(gemv_bf16_21, 2, 2, 1) GEMV(gemv_bf16_12, 2, 1, 2) GEMV(gemv_bf16_01, 2, 0, 1)
// the decode step's LM head: RMSNorm, logits and the greedy token into *best (zero on entry)
#define GEMV_BEST(NAME, DT) \
extern "C" __global__ void __launch_bounds__(256, GEMV_BLOCKS_PER_SM) NAME(const void* W, const float* x, const float* nw, \
        float eps, float* y, int rows, int cols, int ks, u64* best) { \
    gemv<DT, 1, 4>(W, x, nw, eps, y, rows, cols, ks, PrepArgs{}, blockIdx.x, gridDim.x, nullptr, 0, best); }
GEMV_BEST(gemv_f32_best, 0) GEMV_BEST(gemv_f16_best, 1) GEMV_BEST(gemv_bf16_best, 2)
// RMSNorm, projection to qkvf and prep of the one token (rows = STRIDE)
#define GEMV_PREP(NAME, DT) \
extern "C" __global__ void __launch_bounds__(256, GEMV_BLOCKS_PER_SM) NAME(const void* W, const float* x, const float* nw, float eps, float* y, \
        int rows, int cols, int ks, const float* conv_w, float* conv_state, int width, float* alpha, float* write, \
        float tau, int fm, int active, int no_forget, float const_decay, const float* decay_table) { \
    gemv<DT, 1, 3>(W, x, nw, eps, y, rows, cols, ks, \
            PrepArgs{conv_w, conv_state, width, alpha, write, tau, fm, active, no_forget, const_decay, decay_table}, \
            blockIdx.x, gridDim.x); }
GEMV_PREP(gemv_f32_prep, 0) GEMV_PREP(gemv_f16_prep, 1) GEMV_PREP(gemv_bf16_prep, 2)

// Reference for the tests: y[r] = Σ_i W[r,i]·x[i], one thread per row, no tricks.
extern "C" __global__ void gemv_ref(const void* W, int dt, const float* x, float* y, int rows, int cols) {
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    float acc = 0.f;
    for (int i = 0; i < cols; i++) acc += loadw(W, (size_t) r * cols + i, dt) * x[i];
    y[r] = acc;
}

// ---------------------------------------------------------------------------------------------------------------
// Row-wise helpers for prefill (T rows at once; projections there run as cuBLAS GEMMs).

extern "C" __global__ void embed(const void* E, int dt, const int* ids, float* x, int d) {
    size_t row = (size_t) ids[blockIdx.x];
    for (int i = threadIdx.x; i < d; i += blockDim.x) x[(size_t) blockIdx.x * d + i] = loadw(E, row * d + i, dt);
}

// out[t] = RMSNorm(pre(x[t]); w, eps) in dtype odt; pre = SiLU when silu_first (the g_norm path)
extern "C" __global__ void rms_rows(const float* x, int d, const float* w, float eps, int silu_first, void* out, int odt) {
    const float* xr = x + (size_t) blockIdx.x * d;
    float ss = 0.f;
    for (int i = threadIdx.x; i < d; i += blockDim.x) {
        float v = silu_first ? silu(xr[i]) : xr[i];
        ss += v * v;
    }
    float r = rsqrtf(block_reduce(ss, false) / d + eps);
    for (int i = threadIdx.x; i < d; i += blockDim.x) {
        float v = silu_first ? silu(xr[i]) : xr[i];
        storew(out, (size_t) blockIdx.x * d + i, odt, v * r * (w ? w[i] : 1.f));
    }
}

// gu rows are [gate (I) | up (I)]; out[t][i] = SiLU(gate)·up in dtype odt
extern "C" __global__ void swiglu_rows(const float* gu, int inter, void* out, int odt) {
    const float* r = gu + (size_t) blockIdx.x * 2 * inter;
    for (int i = threadIdx.x; i < inter; i += blockDim.x)
        storew(out, (size_t) blockIdx.x * inter + i, odt, silu(r[i]) * r[inter + i]);
}

// The decode step's first kernel: the token packed in *best (the previous step's LM head, or the host: pack_best of
// any value with the id) into x, and *best cleared for this step's LM head.
extern "C" __global__ void embed_token(const void* E, int dt, u64* best, float* x, int d) {
    int id = best_index(*best);
    for (int i = threadIdx.x; i < d; i += blockDim.x) x[i] = loadw(E, (size_t) id * d + i, dt);
    __syncthreads(); // every thread has read *best
    if (threadIdx.x == 0) *best = 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Attention pre-processing of the projected rows qkvf [T][stride] = [q (HQ·DK) | k (HKV·DK) | v (HKV·DV) | f (HKV·M)]:
// short conv + SiLU on q, k, v (in place, continuing from and updating conv_state [C][W-1], oldest first), then
// φ on q and k (fm < 0: left to t2r_rows), SiLU on v, and from f the gate α, s = 1 − α with the ablations:
// slots ≥ active: α = 1, s = 0; no_forget: α = 1; a decay table [HKV][M] or constant decay c ≥ 0: α = c, s = 1 − c.
// One thread per channel; with conv it walks all T rows (the window is sequential), otherwise blockIdx.y splits T.
#define MAXW 16
extern "C" __global__ void prep(float* qkvf, int t_len, const float* conv_w, float* conv_state, int width,
                                float* alpha, float* write, float tau, int fm, int active, int no_forget,
                                float const_decay, const float* decay_table) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= STRIDE) return;
    int per = (t_len + gridDim.y - 1) / gridDim.y;
    int t0 = blockIdx.y * per, t1 = min(t_len, t0 + per);
    if (c >= CQ + CK + CV) {
        int hm = c - (CQ + CK + CV);
        for (int t = t0; t < t1; t++) {
            float a, s;
            gate_of(qkvf[(size_t) t * STRIDE + c], hm, tau, active, no_forget, const_decay, decay_table, a, s);
            alpha[(size_t) t * CF + hm] = a;
            write[(size_t) t * CF + hm] = s;
        }
        return;
    }
    float win[MAXW];
    int hist = width - 1;
    if (conv_w) {
        for (int j = 0; j < hist; j++) win[j] = conv_state[(size_t) c * hist + j];
    }
    for (int t = t0; t < t1; t++) {
        float* p = qkvf + (size_t) t * STRIDE + c;
        float v = *p;
        if (conv_w) {
            float acc = conv_w[(size_t) c * width + hist] * v;
            for (int j = 0; j < hist; j++) acc += conv_w[(size_t) c * width + j] * win[j];
            for (int j = 0; j + 1 < hist; j++) win[j] = win[j + 1];
            if (hist > 0) win[hist - 1] = v;
            v = silu(acc);
        }
        *p = qkv_act(c, v, fm);
    }
    if (conv_w) {
        for (int j = 0; j < hist; j++) conv_state[(size_t) c * hist + j] = win[j];
    }
}

// t2r feature map: row ← φ(T·row) for every q and k head row (T [DK][DK] fp32, shared by all heads).
// One block per (token, head row), blockDim = DK rounded up to a warp.
extern "C" __global__ void t2r_rows(float* qkvf, const float* tm, int fm) {
    __shared__ float row[DK];
    int t = blockIdx.x / (HQ + HKV), h = blockIdx.x % (HQ + HKV);
    float* p = qkvf + (size_t) t * STRIDE + h * DK;
    if (threadIdx.x < DK) row[threadIdx.x] = p[threadIdx.x];
    __syncthreads();
    if (threadIdx.x < DK) {
        float acc = 0.f;
        for (int j = 0; j < DK; j++) acc += tm[threadIdx.x * DK + j] * row[j];
        p[threadIdx.x] = feature(acc, fm);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Slot memory, pass 1 (keys): one warp per (kv head, slot) keeps the slot's key row K̃[m,:] in registers and walks
// the tokens: K̃[m] ← α·K̃[m] + s·k̂_t, then z_t[m] = ⟨K̃[m], q̂_t⟩ for each of the G query heads reading this kv head.
// For probes it also records ‖K̃[m]‖ per token, and with value_norm walks the value row Ṽ[m,:] the same way, without
// write-back, for ‖Ṽ[m]‖ (Ṽ is updated for real by value_scan), so probing costs no launch of its own.
#define KPL ((DK + 31) / 32)
#define VPL ((DV + 31) / 32)
// One token into a slot row held by a warp, PL values per lane: st ← α·st + s·x. Returns the lane's part of ‖st‖².
template<int DIM, int PL>
__device__ __forceinline__ float row_update(float (&st)[PL], float a, float s, const float* xr, int lane) {
    float nn = 0.f;
#pragma unroll
    for (int e = 0; e < PL; e++) {
        int j = lane + 32 * e;
        if (j < DIM) st[e] = a * st[e] + s * xr[j];
        nn += st[e] * st[e];
    }
    return nn;
}
// ⟨st, x⟩ for a slot row held by a warp, PL values per lane, summed over the warp (every lane gets it).
template<int DIM, int PL>
__device__ __forceinline__ float row_dot(const float (&st)[PL], const float* xr, int lane) {
    float d = 0.f;
#pragma unroll
    for (int e = 0; e < PL; e++) {
        int j = lane + 32 * e;
        if (j < DIM) d += st[e] * xr[j];
    }
    return warp_sum(d);
}
extern "C" __global__ void key_scan(float* __restrict__ key_state, const float* __restrict__ value_state,
                                    const float* qkvf, int t_len, const float* alpha, const float* write,
                                    float* __restrict__ z, float* __restrict__ key_norm, float* __restrict__ value_norm) {
    pdl_trigger(); // the next slot-memory kernel may be resident while this one runs
    int w = (blockIdx.x * blockDim.x + threadIdx.x) >> 5, lane = threadIdx.x & 31;
    bool live = w < HKV * M;
    int h = w / M;
    float kst[KPL], vst[VPL];
    float* row = key_state + (size_t) w * DK;
    const float* vrow = value_state + (size_t) w * DV;
    // the state is read before waiting: only the slot kernels write it, and the previous step's value_scan ended
    // before this step's first kernel started (a plain launch)
#pragma unroll
    for (int e = 0; e < KPL; e++) kst[e] = live && lane + 32 * e < DK ? row[lane + 32 * e] : 0.f;
#pragma unroll
    for (int e = 0; e < VPL; e++) vst[e] = live && value_norm && lane + 32 * e < DV ? vrow[lane + 32 * e] : 0.f;
    pdl_wait();
    if (!live) return;
#pragma unroll 4
    for (int t = 0; t < t_len; t++) {
        const float* xt = qkvf + (size_t) t * STRIDE;
        float a = alpha[(size_t) t * CF + w], s = write[(size_t) t * CF + w];
        float nn = row_update<DK, KPL>(kst, a, s, xt + CQ + h * DK, lane);
#pragma unroll
        for (int g = 0; g < G; g++) {
            float d = row_dot<DK, KPL>(kst, xt + (h * G + g) * DK, lane);
            if (lane == 0) z[((size_t) t * HQ + h * G + g) * M + w % M] = d;
        }
        if (key_norm) {
            nn = warp_sum(nn);
            if (lane == 0) key_norm[(size_t) t * CF + w] = sqrtf(nn);
        }
        if (value_norm) {
            float vn = warp_sum(row_update<DV, VPL>(vst, a, s, xt + CQ + CK + h * DV, lane));
            if (lane == 0) value_norm[(size_t) t * CF + w] = sqrtf(vn);
        }
    }
#pragma unroll
    for (int e = 0; e < KPL; e++) if (lane + 32 * e < DK) row[lane + 32 * e] = kst[e];
}

// Readout of one score row by one warp: p = softmax over the active slots, or an ablation readout f(z) normalised by
// Σ|f(z)| (readout: 0 softmax, 1 swish, 2 relu, 3 relu2); slots ≥ active get 0. z and p may be the same row; lane l
// handles slots l, l + 32, …; probe (optional) receives p.
__device__ __forceinline__ void readout_row(const float* z, float* p, int active, int readout, float* probe) {
    int lane = threadIdx.x & 31;
    float mx = NEG_INF;
    for (int m = lane; m < active; m += 32) mx = fmaxf(mx, z[m]);
    mx = warp_max(mx);
    float sum = 0.f;
    for (int m = lane; m < M; m += 32) {
        float f = 0.f;
        if (m < active) {
            float x = z[m];
            f = readout == 0 ? expf(x - mx) : readout == 1 ? silu(x) : readout == 2 ? fmaxf(x, 0.f) : (x > 0.f ? x * x : 0.f);
        }
        p[m] = f;
        sum += readout == 0 ? f : fabsf(f);
    }
    sum = warp_sum(sum);
    float norm = readout == 0 ? sum : fmaxf(sum, 1e-6f);
    for (int m = lane; m < M; m += 32) {
        float pv = m < active ? p[m] / norm : 0.f;
        p[m] = pv;
        if (probe) probe[m] = pv;
    }
}

// One value column of one thread, for its slots m0 + i < M: Ṽ[m] ← α_m·Ṽ[m] + s_m·v, and acc[g] = Σ_m p[g·M + m]·Ṽ[m]
// (p: the G readout rows of this kv head's query heads).
template<int NS>
__device__ __forceinline__ void value_update(float (&st)[NS], int m0, const float* a, const float* s, float v, const float* p,
                                             float (&acc)[G]) {
#pragma unroll
    for (int g = 0; g < G; g++) acc[g] = 0.f;
#pragma unroll
    for (int i = 0; i < NS; i++) {
        int m = m0 + i;
        if (m < M) {
            st[i] = a[m] * st[i] + s[m] * v;
#pragma unroll
            for (int g = 0; g < G; g++) acc[g] += p[g * M + m] * st[i];
        }
    }
}

// Slot memory, pass 2 (values) with the readout fused in. A block owns (kv head, 32 value columns); lane % 4 picks a
// quarter of the slots and lane / 4 a column, so each thread keeps M/4 entries of Ṽ[:, j] in registers. Per tile of
// TT tokens the block turns z into readout weights p in shared memory (softmax over the active slots, or an ablation
// readout normalised by Σ|f(z)|), then walks the tokens: Ṽ[m] ← α·Ṽ[m] + s·v̂_t, o_t = Σ_m p_t[m]·Ṽ[m].
// readout: 0 softmax, 1 swish, 2 relu, 3 relu2.  p_probe (optional) receives p.
#define MPG ((M + 3) / 4)
#define TT_RAW (8192 / (M * (G + 2)))
#define TT (TT_RAW < 1 ? 1 : (TT_RAW > 32 ? 32 : TT_RAW))
extern "C" __global__ void __launch_bounds__(128) value_scan(float* __restrict__ value_state, const float* qkvf,
                                    int t_len, const float* alpha, const float* write,
                                    const float* z, float* __restrict__ o, int readout, int active,
                                    float* __restrict__ p_probe) {
    __shared__ float sp[TT][G][M];
    __shared__ float sa[TT][M];
    __shared__ float ss[TT][M];
    pdl_trigger(); // the o_proj GEMV after it may start streaming weights
    int h = blockIdx.x;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int mg = lane & 3;
    int col = blockIdx.y * 32 + warp * 8 + (lane >> 2);
    bool live = col < DV;
    float st[MPG];
    float* vs = value_state + (size_t) h * M * DV;
#pragma unroll
    for (int i = 0; i < MPG; i++) {
        int m = mg * MPG + i;
        st[i] = live && m < M ? vs[(size_t) m * DV + col] : 0.f;
    }
    pdl_wait(); // the state above is read before waiting, as in key_scan
    for (int t0 = 0; t0 < t_len; t0 += TT) {
        int n = min(TT, t_len - t0);
        // the tile's first v is loaded with its gates and scores below, not after the barrier (one L2 round trip
        // less on the decode step's critical path)
        float v0 = live ? qkvf[(size_t) t0 * STRIDE + CQ + CK + h * DV + col] : 0.f;
        __syncthreads();
        for (int i = threadIdx.x; i < n * M; i += blockDim.x) {
            int tt = i / M, m = i % M;
            size_t gi = (size_t) (t0 + tt) * CF + h * M + m;
            sa[tt][m] = alpha[gi];
            ss[tt][m] = write[gi];
        }
        for (int r = warp; r < n * G; r += 4) {
            int tt = r / G, g = r % G;
            size_t row = ((size_t) (t0 + tt) * HQ + h * G + g) * M;
            readout_row(z + row, sp[tt][g], active, readout, p_probe && blockIdx.y == 0 ? p_probe + row : nullptr);
        }
        __syncthreads();
        for (int tt = 0; tt < n; tt++) {
            int t = t0 + tt;
            float v = tt == 0 ? v0 : live ? qkvf[(size_t) t * STRIDE + CQ + CK + h * DV + col] : 0.f;
            float acc[G];
            value_update<MPG>(st, mg * MPG, sa[tt], ss[tt], v, sp[tt][0], acc);
#pragma unroll
            for (int g = 0; g < G; g++) {
                float a = acc[g];
                a += __shfl_xor_sync(0xffffffffu, a, 1);
                a += __shfl_xor_sync(0xffffffffu, a, 2);
                if (mg == 0 && live) o[((size_t) t * HQ + h * G + g) * DV + col] = a;
            }
        }
    }
#pragma unroll
    for (int i = 0; i < MPG; i++) {
        int m = mg * MPG + i;
        if (live && m < M) vs[(size_t) m * DV + col] = st[i];
    }
}

// ---------------------------------------------------------------------------------------------------------------
// One decode token through the slot memory: key pass, readout and value pass (key_scan + value_scan above with t = 1,
// which stay as the plain form the tests compare to), run by slot_o below. A cluster of SC blocks serves one kv head:
// block r keeps the key rows of slots [r·SPB, (r+1)·SPB) (one warp per slot, as key_scan) and the value columns
// [r·CPB, (r+1)·CPB) of every slot; each block computes the scores of its slots, reads the others' through distributed
// shared memory, and so has the whole readout for its columns. The state is read before waiting on the previous
// kernel (only this kernel writes it). The host uses it where CPB ≤ 256 (one thread per column and slot group).
// It runs inside slot_o: once its part of o is written the block counts itself into ready[0] (the o_proj blocks
// wait for that).
#define SC 8
#define SPB ((M + SC - 1) / SC)
#define SPW ((SPB + 7) / 8)
#define CPB ((DV + SC - 1) / SC)
#define NSG (CPB >= 256 ? 1 : 256 / CPB)
#define SPG ((M + NSG - 1) / NSG)
__device__ __forceinline__ void cluster_sync() {
#if __CUDA_ARCH__ >= 900
    asm volatile("barrier.cluster.arrive.release.aligned;\n\tbarrier.cluster.wait.acquire.aligned;" ::: "memory");
#endif
}
// *p in the shared memory of the cluster's block `rank`
__device__ __forceinline__ u32 ld_cluster_u32(const u32* p, u32 rank) {
    u32 v = 0;
#if __CUDA_ARCH__ >= 900
    u32 a;
    asm volatile("mapa.shared::cluster.u32 %0, %1, %2;" : "=r"(a) : "r"(smem_u32(p)), "r"(rank));
    asm volatile("ld.shared::cluster.u32 %0, [%1];" : "=r"(v) : "r"(a) : "memory");
#endif
    return v;
}
__device__ __forceinline__ float ld_cluster(const float* p, u32 rank) {
    return __uint_as_float(ld_cluster_u32((const u32*) p, rank));
}
__device__ __forceinline__ u32 cluster_rank() {
    u32 r = 0;
#if __CUDA_ARCH__ >= 900
    asm("mov.u32 %0, %%cluster_ctarank;" : "=r"(r));
#endif
    return r;
}
// kv head h, block r of its cluster
__device__ void slot_step(int h, int r, float* __restrict__ key_state, float* __restrict__ value_state,
        const float* qkvf, const float* alpha, const float* write,
        float* __restrict__ o, int readout, int active, float* __restrict__ z_probe, float* __restrict__ p_probe,
        float* __restrict__ key_norm, float* __restrict__ value_norm, u32* ready) {
#if __CUDA_ARCH__ >= 900
    __shared__ float zs[G][SPB];      // scores of this block's slots
    __shared__ float p[G][M];         // readout weights of all slots
    __shared__ float sa[M], sw[M], vn[M];
    __shared__ float red[NSG][G][CPB];
    pdl_trigger(); // o_proj may start streaming its weights
    int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    float kst[SPW][KPL];
#pragma unroll
    for (int i = 0; i < SPW; i++) {
        int ml = warp + 8 * i, m = r * SPB + ml;
        bool live = ml < SPB && m < M;
#pragma unroll
        for (int e = 0; e < KPL; e++) {
            int j = lane + 32 * e;
            kst[i][e] = live && j < DK ? key_state[((size_t) h * M + m) * DK + j] : 0.f;
        }
    }
    int jc = tid % CPB, sg = tid / CPB, col = r * CPB + jc;
    bool vlive = sg < NSG && col < DV;
    float vst[SPG];
#pragma unroll
    for (int i = 0; i < SPG; i++) {
        int m = sg * SPG + i;
        vst[i] = vlive && m < M ? value_state[((size_t) h * M + m) * DV + col] : 0.f;
    }
    pdl_wait();
    float v = vlive ? qkvf[CQ + CK + h * DV + col] : 0.f; // issued with the key pass's loads, used in the value pass
    for (int i = tid; i < M; i += blockDim.x) {
        sa[i] = alpha[h * M + i];
        sw[i] = write[h * M + i];
        vn[i] = 0.f;
    }
    // key pass: K̃[m] ← α·K̃[m] + s·k̂, z[g][m] = ⟨K̃[m], q̂_g⟩
#pragma unroll
    for (int i = 0; i < SPW; i++) {
        int ml = warp + 8 * i, m = r * SPB + ml;
        if (ml >= SPB || m >= M) continue;
        float nn = row_update<DK, KPL>(kst[i], alpha[h * M + m], write[h * M + m], qkvf + CQ + h * DK, lane);
#pragma unroll
        for (int g = 0; g < G; g++) {
            float d = row_dot<DK, KPL>(kst[i], qkvf + (h * G + g) * DK, lane);
            if (lane == 0) {
                zs[g][ml] = d;
                if (z_probe) z_probe[(h * G + g) * M + m] = d;
            }
        }
        if (key_norm) {
            nn = warp_sum(nn);
            if (lane == 0) key_norm[h * M + m] = sqrtf(nn);
        }
    }
    __syncthreads();
    cluster_sync(); // every block's scores are in place
    for (int i = tid; i < G * M; i += blockDim.x) {
        int g = i / M, m = i % M;
        p[g][m] = ld_cluster(&zs[g][m % SPB], m / SPB);
    }
    __syncthreads();
    // readout over the active slots
    for (int g = warp; g < G; g += 8)
        readout_row(p[g], p[g], active, readout, p_probe && r == 0 ? p_probe + (h * G + g) * M : nullptr);
    __syncthreads();
    // value pass: Ṽ[m][col] ← α·Ṽ[m][col] + s·v̂[col], o_g[col] = Σ_m p_g[m]·Ṽ[m][col]
    float acc[G];
    value_update<SPG>(vst, sg * SPG, sa, sw, v, p[0], acc);
    if (value_norm) {
#pragma unroll
        for (int i = 0; i < SPG; i++) {
            int m = sg * SPG + i;
            if (m >= M) continue;
            float q2 = vst[i] * vst[i];
            if (CPB % 32 == 0) { // a warp lies within one slot group: one shared-memory add per warp
                q2 = warp_sum(q2);
                if (lane == 0 && vlive) atomicAdd(&vn[m], q2);
            } else if (vlive) {
                atomicAdd(&vn[m], q2);
            }
        }
    }
    if (vlive) {
#pragma unroll
        for (int g = 0; g < G; g++) red[sg][g][jc] = acc[g];
    }
    __syncthreads();
    for (int i = tid; i < G * CPB; i += blockDim.x) {
        int g = i / CPB, j = i % CPB, c = r * CPB + j;
        if (c >= DV) continue;
        float sum = 0.f;
        for (int q = 0; q < NSG; q++) sum += red[q][g][j];
        o[(h * G + g) * DV + c] = sum;
    }
    __syncthreads();
    if (tid == 0) {
        __threadfence();
        atomicAdd(ready, 1u);
    }
#pragma unroll
    for (int i = 0; i < SPW; i++) {
        int ml = warp + 8 * i, m = r * SPB + ml;
        if (ml >= SPB || m >= M) continue;
#pragma unroll
        for (int e = 0; e < KPL; e++) {
            int j = lane + 32 * e;
            if (j < DK) key_state[((size_t) h * M + m) * DK + j] = kst[i][e];
        }
    }
#pragma unroll
    for (int i = 0; i < SPG; i++) {
        int m = sg * SPG + i;
        if (vlive && m < M) value_state[((size_t) h * M + m) * DV + col] = vst[i];
    }
    if (value_norm) {
        __syncthreads();
        cluster_sync(); // every block's partial sums of squares are in place
        if (r == 0)
            for (int m = tid; m < M; m += blockDim.x) {
                float t = 0.f;
                for (int q = 0; q < SC; q++) t += ld_cluster(&vn[m], q);
                value_norm[h * M + m] = sqrtf(t);
            }
    }
    cluster_sync(); // no block leaves while another may still read its shared memory
#else
    __trap();
#endif
}

// One decode step's slot memory and o_proj (the g_norm GEMV, residual into x) in one launch, so that o_proj streams its
// weights while the slot memory is stepped and starts on o without a kernel boundary. Launched in clusters of SC; the
// first HKV clusters to start (a ticket from ready[2]) step the slot memory, one kv head each; every other block is
// a GEMV block and waits, after issuing its first weights, until all HKV·SC slot blocks have counted themselves into
// ready[0]. Roles go by start order, not block index, so the blocks that wait only ever wait for blocks already
// running. ready[0..2] are zero between launches. Measured on the H100: 0.5–1 % faster than the scans and the o_proj
// GEMV until the GEMVs staged their norm weights before waiting, 0.4–1 % slower since, so it is an option of the
// session (CudaSession.useFusedSlotStep) that the bench keeps timing. Having the waiting blocks prefetch gate_up into
// L2 meanwhile was slower (8 MB: 2.7 %).
template<int DT>
__device__ void slot_o(const void* W, const float* nw, float eps, float* x, int rows, int cols, float* key_state,
        float* value_state, const float* qkvf, const float* alpha, const float* write, float* o, int readout,
        int active, float* z_probe, float* p_probe, float* key_norm, float* value_norm, u32* ready) {
#if __CUDA_ARCH__ >= 900
    __shared__ u32 ticket;
    u32 rank = cluster_rank();
    if (rank == 0 && threadIdx.x == 0) ticket = atomicAdd(ready + 2, 1u);
    cluster_sync();
    u32 t = ld_cluster_u32(&ticket, 0);
    cluster_sync(); // rank 0 stays until every block has its ticket
    if (t < HKV) {
        slot_step(t, rank, key_state, value_state, qkvf, alpha, write, o, readout, active, z_probe, p_probe, key_norm,
                  value_norm, ready);
        return;
    }
    gemv<DT, 2, 1>(W, o, nw, eps, x, rows, cols, 1, PrepArgs{}, (t - HKV) * SC + rank, gridDim.x - HKV * SC, ready,
                   HKV * SC);
#else
    __trap();
#endif
}
#define SLOT_O(NAME, DT) \
extern "C" __global__ void __launch_bounds__(256, GEMV_BLOCKS_PER_SM) NAME(const void* W, const float* nw, float eps, \
        float* x, int rows, int cols, float* key_state, float* value_state, const float* qkvf, const float* alpha, \
        const float* write, float* o, int readout, int active, float* z_probe, float* p_probe, float* key_norm, \
        float* value_norm, u32* ready) { \
    slot_o<DT>(W, nw, eps, x, rows, cols, key_state, value_state, qkvf, alpha, write, o, readout, active, z_probe, \
               p_probe, key_norm, value_norm, ready); }
SLOT_O(slot_o_f32, 0) SLOT_O(slot_o_f16, 1) SLOT_O(slot_o_bf16, 2)

// ---------------------------------------------------------------------------------------------------------------
// Chunked prefill (parallel over time). key_scan / value_scan above walk the tokens one by one and stay as the plain
// form (decode uses them; the tests compare both). Within a chunk of CH tokens, with G_t[m] = Σ_{r≤t} log α_r[m]
// (chunk-local) and K̃₀, Ṽ₀ the state entering the chunk:
//   z_t[m] = e^{G_t[m]}·⟨K̃₀[m], q̂_t⟩ + Σ_{s≤t} ⟨q̂_t, k̂_s⟩·s_s[m]·e^{G_t[m]−G_s[m]}
//   p_t    = readout(z_t)
//   o_t    = Σ_m p_t[m]·e^{G_t[m]}·Ṽ₀[m] + Σ_{s≤t} (Σ_m p_t[m]·s_s[m]·e^{G_t[m]−G_s[m]})·v̂_s
// Decays are always e^{G_t − G_s} with G_t ≤ G_s, never e^{−G}. Launch order per layer: chunk_cum → chunk_state
// (each chunk's own contribution to the state) → chunk_carry (states entering every chunk, sequential over chunks
// only) → [chunk_norms for probes] → chunk_out (both passes with the readout between them).
#define CH (M <= 64 ? 64 : 32)
#define MP (M + 1)

// gc[t][h·M+m] = chunk-local cumulative log α, in double so that G_t − G_s keeps its digits when both are large
// (α = 0 is clamped so that e^{G_t−G_s} underflows to 0 instead of NaN)
extern "C" __global__ void chunk_cum(const float* __restrict__ alpha, double* __restrict__ gc, int t_len) {
    int hm = blockIdx.y * blockDim.x + threadIdx.x;
    if (hm >= CF) return;
    int t0 = blockIdx.x * CH, t1 = min(t_len, t0 + CH);
    double g = 0.0;
    for (int t = t0; t < t1; t++) {
        g += log(fmax((double) alpha[(size_t) t * CF + hm], 1e-30));
        gc[(size_t) t * CF + hm] = g;
    }
}

// The chunk's own contribution Δ[m][j] = Σ_s e^{G_n[m]−G_s[m]}·s_s[m]·x_s[j] for x = k̂ (column tiles < KT) or v̂.
// Grid (chunk, kv head × (KT + VT) column tiles of 64), 256 threads: thread owns a column and every 4th slot.
#define KT ((DK + 63) / 64)
#define VT ((DV + 63) / 64)
#define MQ ((M + 3) / 4)
extern "C" __global__ void __launch_bounds__(256) chunk_state(const float* __restrict__ qkvf, const double* __restrict__ gc,
                                                              const float* __restrict__ write, int t_len,
                                                              float* __restrict__ dks, float* __restrict__ dvs) {
    __shared__ float sw[CH][M];
    __shared__ float sx[CH][64];
    int c = blockIdx.x, h = blockIdx.y / (KT + VT), tile = blockIdx.y % (KT + VT);
    bool isK = tile < KT;
    int dim = isK ? DK : DV, j0 = (isK ? tile : tile - KT) * 64;
    int xoff = isK ? CQ + h * DK : CQ + CK + h * DV;
    int t0 = c * CH, n = min(CH, t_len - t0), last = t0 + n - 1;
    for (int i = threadIdx.x; i < CH * M; i += blockDim.x) {
        int s = i / M, m = i % M;
        size_t gi = (size_t) (t0 + s) * CF + h * M + m;
        sw[s][m] = s < n ? expf((float) (gc[(size_t) last * CF + h * M + m] - gc[gi])) * write[gi] : 0.f;
    }
    for (int i = threadIdx.x; i < CH * 64; i += blockDim.x) {
        int s = i / 64, j = i % 64;
        sx[s][j] = s < n && j0 + j < dim ? qkvf[(size_t) (t0 + s) * STRIDE + xoff + j0 + j] : 0.f;
    }
    __syncthreads();
    int j = threadIdx.x & 63, mr = threadIdx.x >> 6;
    float acc[MQ];
#pragma unroll
    for (int r = 0; r < MQ; r++) acc[r] = 0.f;
    for (int s = 0; s < n; s++) {
        float xv = sx[s][j];
#pragma unroll
        for (int r = 0; r < MQ; r++) if (mr + 4 * r < M) acc[r] += sw[s][mr + 4 * r] * xv;
    }
    if (j0 + j >= dim) return;
    float* d = isK ? dks : dvs;
#pragma unroll
    for (int r = 0; r < MQ; r++) {
        int m = mr + 4 * r;
        if (m < M) d[(((size_t) c * HKV + h) * M + m) * dim + j0 + j] = acc[r];
    }
}

// Walks the chunks in order: d[c] ← state entering chunk c, state ← e^{G_n}·state + Δ_c; one thread per state entry.
extern "C" __global__ void chunk_carry(float* __restrict__ key_state, float* __restrict__ value_state,
                                       float* __restrict__ dks, float* __restrict__ dvs, const double* __restrict__ gc,
                                       int t_len) {
    const int nk = HKV * M * DK, nv = HKV * M * DV;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= nk + nv) return;
    bool isK = i < nk;
    int e = isK ? i : i - nk, per = isK ? nk : nv, hm = e / (isK ? DK : DV);
    float* st = isK ? key_state : value_state;
    float* d = isK ? dks : dvs;
    float s = st[e];
    int nc = (t_len + CH - 1) / CH;
    for (int c = 0; c < nc; c++) {
        int last = min(t_len, (c + 1) * CH) - 1;
        float dc = d[(size_t) c * per + e];
        d[(size_t) c * per + e] = s;
        s = expf((float) gc[(size_t) last * CF + hm]) * s + dc;
    }
    st[e] = s;
}

// Probes only: slot row norms per token need the per-token state, so one warp per (chunk, kv head, slot, keys|values)
// steps a copy from the state entering its chunk.
template<int DIM, int PL>
__device__ void norm_walk(const float* __restrict__ start, const float* __restrict__ qkvf, int x_off, int t0, int n,
                          const float* __restrict__ alpha, const float* __restrict__ write, int hm, float* __restrict__ norm) {
    int lane = threadIdx.x & 31;
    float st[PL];
#pragma unroll
    for (int e = 0; e < PL; e++) st[e] = lane + 32 * e < DIM ? start[lane + 32 * e] : 0.f;
    for (int t = t0; t < t0 + n; t++) {
        float a = alpha[(size_t) t * CF + hm], s = write[(size_t) t * CF + hm];
        float nn = warp_sum(row_update<DIM, PL>(st, a, s, qkvf + (size_t) t * STRIDE + x_off, lane));
        if (lane == 0) norm[(size_t) t * CF + hm] = sqrtf(nn);
    }
}
extern "C" __global__ void chunk_norms(const float* dks, const float* dvs, const float* qkvf, int t_len,
                                       const float* alpha, const float* write, float* key_norm, float* value_norm) {
    int w = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    int nc = (t_len + CH - 1) / CH;
    if (w >= nc * CF * 2) return;
    int kind = w & 1, hm = (w >> 1) % CF, c = (w >> 1) / CF, h = hm / M;
    int t0 = c * CH, n = min(CH, t_len - t0);
    if (kind == 0) norm_walk<DK, KPL>(dks + ((size_t) c * CF + hm) * DK, qkvf, CQ + h * DK, t0, n, alpha, write, hm, key_norm);
    else norm_walk<DV, VPL>(dvs + ((size_t) c * CF + hm) * DV, qkvf, CQ + CK + h * DV, t0, n, alpha, write, hm, value_norm);
}

// Both passes for one (chunk, query head), 256 threads; dynamic shared memory of chunk_out_floats() floats (the host
// computes the same number). z_probe / p_probe (optional) receive z and p.
#define NR (M + CH)
#define RI (CH / 16)
#define CJ ((NR + 15) / 16)
__host__ __device__ constexpr int chunk_out_floats() { return 5 * CH * MP + CH * (CH + 1) + CH * 33 + NR * 33; }
extern "C" __global__ void __launch_bounds__(256) chunk_out(const float* __restrict__ qkvf, const double* __restrict__ gc,
        const float* __restrict__ write, const float* __restrict__ dks, const float* __restrict__ dvs, int t_len,
        float* __restrict__ o, int readout, int active, float* __restrict__ z_probe, float* __restrict__ p_probe) {
    extern __shared__ float smem[];
    u32 have;
    asm("mov.u32 %0, %%dynamic_smem_size;" : "=r"(have));
    if (have < 4u * chunk_out_floats()) __trap();
    double* sg = (double*) smem;      // [CH][MP] G_t (double: two floats each)
    float* sw = smem + 2 * CH * MP;   // [CH][MP] s_t
    float* sz = sw + CH * MP;         // [CH][MP] z_t, then p_t
    float* sk = sz + CH * MP;         // [CH][MP] ⟨K̃₀[m], q̂_t⟩, then p_t·e^{G_t}
    float* sA = sk + CH * MP;         // [CH][CH+1] ⟨q̂_t, k̂_s⟩, then the pass-2 weights B[t][s]
    float* sq = sA + CH * (CH + 1);   // [CH][33] q tile
    float* sr = sq + CH * 33;         // [NR][33] K̃₀ / k̂ tile; in pass 2 [32][64] Ṽ₀ / v̂ tile
    int c = blockIdx.x, hq = blockIdx.y, h = hq / G, tid = threadIdx.x;
    int lane = tid & 31, warp = tid >> 5;
    int t0 = c * CH, n = min(CH, t_len - t0);
    const float* kin = dks + (size_t) (c * HKV + h) * M * DK;
    const float* vin = dvs + (size_t) (c * HKV + h) * M * DV;
    for (int i = tid; i < CH * M; i += blockDim.x) {
        int t = i / M, m = i % M;
        size_t gi = (size_t) (t0 + t) * CF + h * M + m;
        sg[t * MP + m] = t < n ? gc[gi] : 0.0;
        sw[t * MP + m] = t < n ? write[gi] : 0.f;
    }
    // pass 1 scores: [CH][NR] = q̂ · [K̃₀ ; k̂]ᵀ, tiled over DK; thread rows rg + 16·i, columns cg + 16·jj
    int rg = tid >> 4, cg = tid & 15;
    float acc[RI][CJ];
#pragma unroll
    for (int i = 0; i < RI; i++)
#pragma unroll
        for (int jj = 0; jj < CJ; jj++) acc[i][jj] = 0.f;
    for (int k0 = 0; k0 < DK; k0 += 32) {
        __syncthreads();
        for (int i = tid; i < CH * 32; i += blockDim.x) {
            int t = i / 32, kk = i % 32;
            sq[t * 33 + kk] = t < n && k0 + kk < DK ? qkvf[(size_t) (t0 + t) * STRIDE + hq * DK + k0 + kk] : 0.f;
        }
        for (int i = tid; i < NR * 32; i += blockDim.x) {
            int r = i / 32, kk = i % 32;
            float v = 0.f;
            if (k0 + kk < DK) {
                if (r < M) v = kin[(size_t) r * DK + k0 + kk];
                else if (r - M < n) v = qkvf[(size_t) (t0 + r - M) * STRIDE + CQ + h * DK + k0 + kk];
            }
            sr[r * 33 + kk] = v;
        }
        __syncthreads();
#pragma unroll 4
        for (int kk = 0; kk < 32; kk++) {
            float a[RI], b[CJ];
#pragma unroll
            for (int i = 0; i < RI; i++) a[i] = sq[(rg + 16 * i) * 33 + kk];
#pragma unroll
            for (int jj = 0; jj < CJ; jj++) b[jj] = cg + 16 * jj < NR ? sr[(cg + 16 * jj) * 33 + kk] : 0.f;
#pragma unroll
            for (int i = 0; i < RI; i++)
#pragma unroll
                for (int jj = 0; jj < CJ; jj++) acc[i][jj] += a[i] * b[jj];
        }
    }
#pragma unroll
    for (int i = 0; i < RI; i++)
#pragma unroll
        for (int jj = 0; jj < CJ; jj++) {
            int t = rg + 16 * i, col = cg + 16 * jj;
            if (col < M) sk[t * MP + col] = acc[i][jj];
            else if (col < NR) sA[t * (CH + 1) + col - M] = acc[i][jj];
        }
    __syncthreads();
    // z_t[m]
    for (int i = tid; i < CH * M; i += blockDim.x) {
        int t = i / M, m = i % M;
        double gt = sg[t * MP + m];
        float zv = expf((float) gt) * sk[t * MP + m];
        for (int s = 0; s <= t; s++) zv += sA[t * (CH + 1) + s] * sw[s * MP + m] * expf((float) (gt - sg[s * MP + m]));
        sz[t * MP + m] = zv;
        if (z_probe && t < n) z_probe[((size_t) (t0 + t) * HQ + hq) * M + m] = zv;
    }
    __syncthreads();
    // readout p_t, one warp per row
    for (int t = warp; t < CH; t += blockDim.x >> 5) {
        float* zr = sz + t * MP;
        readout_row(zr, zr, active, readout, p_probe && t < n ? p_probe + ((size_t) (t0 + t) * HQ + hq) * M : nullptr);
        for (int m = lane; m < M; m += 32) sk[t * MP + m] = zr[m] * expf((float) sg[t * MP + m]); // lane's own slots
    }
    __syncthreads();
    // pass 2 weights B[t][s] = Σ_m p_t[m]·s_s[m]·e^{G_t[m]−G_s[m]} (s ≤ t)
    for (int i = tid; i < CH * CH; i += blockDim.x) {
        int t = i / CH, s = i % CH;
        float b = 0.f;
        if (s <= t)
            for (int m = 0; m < M; m++) b += sz[t * MP + m] * sw[s * MP + m] * expf((float) (sg[t * MP + m] - sg[s * MP + m]));
        sA[t * (CH + 1) + s] = b;
    }
    // o = [p·e^{G} | B] · [Ṽ₀ ; v̂], column tiles of 64, reduction in steps of 32 rows staged in sr
    for (int j0 = 0; j0 < DV; j0 += 64) {
        float oc[RI][4];
#pragma unroll
        for (int i = 0; i < RI; i++)
#pragma unroll
            for (int jj = 0; jj < 4; jj++) oc[i][jj] = 0.f;
        for (int r0 = 0; r0 < NR; r0 += 32) {
            __syncthreads();
            for (int i = tid; i < 32 * 64; i += blockDim.x) {
                int r = r0 + i / 64, j = j0 + i % 64;
                float v = 0.f;
                if (j < DV && r < NR) {
                    if (r < M) v = vin[(size_t) r * DV + j];
                    else if (r - M < n) v = qkvf[(size_t) (t0 + r - M) * STRIDE + CQ + CK + h * DV + j];
                }
                sr[i] = v;
            }
            __syncthreads();
            for (int rr = 0; rr < 32 && r0 + rr < NR; rr++) {
                int r = r0 + rr;
                float a[RI], b[4];
#pragma unroll
                for (int i = 0; i < RI; i++) {
                    int t = rg + 16 * i;
                    a[i] = r < M ? sk[t * MP + r] : sA[t * (CH + 1) + r - M];
                }
#pragma unroll
                for (int jj = 0; jj < 4; jj++) b[jj] = sr[rr * 64 + cg + 16 * jj];
#pragma unroll
                for (int i = 0; i < RI; i++)
#pragma unroll
                    for (int jj = 0; jj < 4; jj++) oc[i][jj] += a[i] * b[jj];
            }
        }
#pragma unroll
        for (int i = 0; i < RI; i++)
#pragma unroll
            for (int jj = 0; jj < 4; jj++) {
                int t = rg + 16 * i, j = j0 + cg + 16 * jj;
                if (t < n && j < DV) o[((size_t) (t0 + t) * HQ + hq) * DV + j] = oc[i][jj];
            }
    }
}

