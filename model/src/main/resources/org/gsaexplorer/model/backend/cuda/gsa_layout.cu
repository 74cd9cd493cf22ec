// The GSA kernels' prelude: Kernels compiles common.cu, this file, then gemv.cu, elementwise.cu, slot_scan.cu,
// slot_step.cu, chunk_prefill.cu and state_patch.cu as one NVRTC program (each file uses what the earlier ones
// define), with the -D constants that Kernels declares. The model's head shape is fixed at compile time so the slot
// state can live in registers: GSA_M slots (M in comments), GSA_DK / GSA_DV head dims, GSA_HQ query heads, GSA_HKV
// kv heads. Activations, state and accumulation are fp32.

constexpr int SLOTS = GSA_M, HEAD_K = GSA_DK, HEAD_V = GSA_DV, Q_HEADS = GSA_HQ, KV_HEADS = GSA_HKV;
constexpr int GROUP = GSA_HQ / GSA_HKV; // query heads per kv head

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
// feature maps by their FEATURE_* codes (the model's t2r matrix is applied before, by t2r_rows)
__device__ __forceinline__ float feature(float x, int fm) {
    switch (fm) {
        case FEATURE_SWISH: return silu(x);
        case FEATURE_RELU: return fmaxf(x, 0.f);
        case FEATURE_RELU2: return x > 0.f ? x * x : 0.f;
        default: return x;
    }
}

// Row layout of the projected attention inputs qkvf: [q (HQ·DK) | k (HKV·DK) | v (HKV·DV) | f (HKV·M)].
constexpr int Q_WIDTH = Q_HEADS * HEAD_K, K_WIDTH = KV_HEADS * HEAD_K, V_WIDTH = KV_HEADS * HEAD_V;
constexpr int KV_SLOTS = KV_HEADS * SLOTS; // also the f part's width: one gate per (kv head, slot)
constexpr int QKVF_STRIDE = Q_WIDTH + K_WIDTH + V_WIDTH + KV_SLOTS;
// Batched launches: grid plane blockIdx.z is the sequence. Its t_len rows follow the earlier sequences' rows in every
// row buffer, and its slot state (per layer [B][HKV][M][dk|dv]) the earlier sequences' state; one sequence has z = 0.
constexpr int KEY_STATE = KV_SLOTS * HEAD_K, VALUE_STATE = KV_SLOTS * HEAD_V;
__device__ __forceinline__ size_t seq_rows(int t_len) { return (size_t) blockIdx.z * t_len; }
// an optional output (null when not asked for) moved to the sequence's part
template<class T>
__device__ __forceinline__ T* seq_part(T* p, size_t offset) { return p ? p + offset : p; }
// gate of slot hm from its logit f: α = σ(f)^(1/τ), s = 1 − α, then the ablations (see prep)
__device__ __forceinline__ void gate_of(float f, int hm, float tau, int active, int no_forget, float const_decay,
                                        const float* decay_table, float& a, float& s) {
    a = expf((fminf(f, 0.f) - log1pf(expf(-fabsf(f)))) / tau);
    s = 1.f - a;
    if (hm % SLOTS >= active) { a = 1.f; s = 0.f; }
    else if (no_forget) { a = 1.f; }
    else if (decay_table) { a = decay_table[hm]; s = 1.f - a; }
    else if (const_decay >= 0.f) { a = const_decay; s = 1.f - a; }
}
// after the conv: φ on q and k channels (fm < 0: left to t2r_rows), SiLU on v channels
__device__ __forceinline__ float qkv_act(int c, float v, int fm) {
    if (c < Q_WIDTH + K_WIDTH) return fm >= 0 ? feature(v, fm) : v;
    return silu(v);
}
// prep's arguments, for the decode GEMV that applies it to the one token it projects (POST 3)
struct PrepArgs {
    const float* conv_w; float* conv_state; int width; float* alpha; float* write; float tau; int fm; int active;
    int no_forget; float const_decay; const float* decay_table;
};
// prep of channel c of a single token: short conv over conv_state (updated), activation, or the gate for f channels
__device__ __forceinline__ float prep_one(int c, float v, const PrepArgs& p) {
    if (c >= Q_WIDTH + K_WIDTH + V_WIDTH) {
        int hm = c - (Q_WIDTH + K_WIDTH + V_WIDTH);
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
