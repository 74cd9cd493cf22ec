// The slot memory token by token (key_scan, value_scan), and the row helpers that slot_step.cu and chunk_prefill.cu
// reuse: row_update, row_dot, readout_row, value_update.

// Slot memory, pass 1 (keys): one warp per (kv head, slot) keeps the slot's key row K̃[m,:] in registers and walks
// the tokens: K̃[m] ← α·K̃[m] + s·k̂_t, then z_t[m] = ⟨K̃[m], q̂_t⟩ for each of the G query heads reading this kv head.
// For probes it also records ‖K̃[m]‖ per token, and with value_norm walks the value row Ṽ[m,:] the same way, without
// write-back, for ‖Ṽ[m]‖ (Ṽ is updated for real by value_scan), so probing costs no launch of its own.
// a warp holds a key (value) slot row as K_PER_LANE (V_PER_LANE) values per lane
constexpr int K_PER_LANE = (HEAD_K + 31) / 32, V_PER_LANE = (HEAD_V + 31) / 32;
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
    size_t r0 = seq_rows(t_len);
    key_state += (size_t) blockIdx.z * KEY_STATE;
    value_state += (size_t) blockIdx.z * VALUE_STATE;
    qkvf += r0 * QKVF_STRIDE;
    alpha += r0 * KV_SLOTS;
    write += r0 * KV_SLOTS;
    z += r0 * Q_HEADS * SLOTS;
    key_norm = seq_part(key_norm, r0 * KV_SLOTS);
    value_norm = seq_part(value_norm, r0 * KV_SLOTS);
    int w = (blockIdx.x * blockDim.x + threadIdx.x) >> 5, lane = threadIdx.x & 31;
    bool live = w < KV_HEADS * SLOTS;
    int h = w / SLOTS;
    float kst[K_PER_LANE], vst[V_PER_LANE];
    float* row = key_state + (size_t) w * HEAD_K;
    const float* vrow = value_state + (size_t) w * HEAD_V;
    // the state is read before waiting: only the slot kernels write it, and the previous step's value_scan ended
    // before this step's first kernel started (a plain launch)
#pragma unroll
    for (int e = 0; e < K_PER_LANE; e++) kst[e] = live && lane + 32 * e < HEAD_K ? row[lane + 32 * e] : 0.f;
#pragma unroll
    for (int e = 0; e < V_PER_LANE; e++) vst[e] = live && value_norm && lane + 32 * e < HEAD_V ? vrow[lane + 32 * e] : 0.f;
    pdl_wait();
    if (!live) return;
#pragma unroll 4
    for (int t = 0; t < t_len; t++) {
        const float* xt = qkvf + (size_t) t * QKVF_STRIDE;
        float a = alpha[(size_t) t * KV_SLOTS + w], s = write[(size_t) t * KV_SLOTS + w];
        float nn = row_update<HEAD_K, K_PER_LANE>(kst, a, s, xt + Q_WIDTH + h * HEAD_K, lane);
#pragma unroll
        for (int g = 0; g < GROUP; g++) {
            float d = row_dot<HEAD_K, K_PER_LANE>(kst, xt + (h * GROUP + g) * HEAD_K, lane);
            if (lane == 0) z[((size_t) t * Q_HEADS + h * GROUP + g) * SLOTS + w % SLOTS] = d;
        }
        if (key_norm) {
            nn = warp_sum(nn);
            if (lane == 0) key_norm[(size_t) t * KV_SLOTS + w] = sqrtf(nn);
        }
        if (value_norm) {
            float vn = warp_sum(row_update<HEAD_V, V_PER_LANE>(vst, a, s, xt + Q_WIDTH + K_WIDTH + h * HEAD_V, lane));
            if (lane == 0) value_norm[(size_t) t * KV_SLOTS + w] = sqrtf(vn);
        }
    }
#pragma unroll
    for (int e = 0; e < K_PER_LANE; e++) if (lane + 32 * e < HEAD_K) row[lane + 32 * e] = kst[e];
}

// Readout of one score row by one warp: p = softmax over the active slots, or an ablation readout f(z) normalised by
// Σ|f(z)| (readout: a READOUT_* code); slots ≥ active get 0. z and p may be the same row; lane l
// handles slots l, l + 32, …; probe (optional) receives p. clamp ≥ 0 (clamp-readout): p is one-hot on that slot.
__device__ __forceinline__ void readout_row(const float* z, float* p, int active, int readout, float* probe, int clamp) {
    int lane = threadIdx.x & 31;
    if (clamp >= 0) {
        for (int m = lane; m < SLOTS; m += 32) {
            float pv = m == clamp ? 1.f : 0.f;
            p[m] = pv;
            if (probe) probe[m] = pv;
        }
        return;
    }
    float mx = NEG_INF;
    for (int m = lane; m < active; m += 32) mx = fmaxf(mx, z[m]);
    mx = warp_max(mx);
    float sum = 0.f;
    for (int m = lane; m < SLOTS; m += 32) {
        float f = 0.f;
        if (m < active) {
            float x = z[m];
            f = readout == READOUT_SOFTMAX ? expf(x - mx) : readout == READOUT_SWISH ? silu(x)
                : readout == READOUT_RELU ? fmaxf(x, 0.f) : (x > 0.f ? x * x : 0.f);
        }
        p[m] = f;
        sum += readout == READOUT_SOFTMAX ? f : fabsf(f);
    }
    sum = warp_sum(sum);
    float norm = readout == READOUT_SOFTMAX ? sum : fmaxf(sum, 1e-6f);
    for (int m = lane; m < SLOTS; m += 32) {
        float pv = m < active ? p[m] / norm : 0.f;
        p[m] = pv;
        if (probe) probe[m] = pv;
    }
}

// One value column of one thread, for its slots m0 + i < M: Ṽ[m] ← α_m·Ṽ[m] + s_m·v, and acc[g] = Σ_m p[g·M + m]·Ṽ[m]
// (p: the G readout rows of this kv head's query heads).
template<int NS>
__device__ __forceinline__ void value_update(float (&st)[NS], int m0, const float* a, const float* s, float v, const float* p,
                                             float (&acc)[GROUP]) {
#pragma unroll
    for (int g = 0; g < GROUP; g++) acc[g] = 0.f;
#pragma unroll
    for (int i = 0; i < NS; i++) {
        int m = m0 + i;
        if (m < SLOTS) {
            st[i] = a[m] * st[i] + s[m] * v;
#pragma unroll
            for (int g = 0; g < GROUP; g++) acc[g] += p[g * SLOTS + m] * st[i];
        }
    }
}

// Slot memory, pass 2 (values) with the readout fused in. A block owns (kv head, 32 value columns); lane % 4 picks a
// quarter of the slots and lane / 4 a column, so each thread keeps M/4 entries of Ṽ[:, j] in registers. Per tile of
// TILE_TOKENS tokens the block turns z into readout weights p in shared memory (softmax over the active slots, or an ablation
// readout normalised by Σ|f(z)|), then walks the tokens: Ṽ[m] ← α·Ṽ[m] + s·v̂_t, o_t = Σ_m p_t[m]·Ṽ[m].
// readout: a READOUT_* code.  p_probe (optional) receives p.  clamp (optional): per query head, the slot its readout
// is clamped to, or −1.
constexpr int QUARTER_SLOTS = (SLOTS + 3) / 4;
// tokens per tile: as many as fit SCAN_TILE_FLOATS of shared memory (readout weights, gates, write weights), 1 to 32
constexpr int TILE_FIT = SCAN_TILE_FLOATS / (SLOTS * (GROUP + 2));
constexpr int TILE_TOKENS = TILE_FIT < 1 ? 1 : (TILE_FIT > 32 ? 32 : TILE_FIT);
extern "C" __global__ void __launch_bounds__(128) value_scan(float* __restrict__ value_state, const float* qkvf,
                                    int t_len, const float* alpha, const float* write,
                                    const float* z, float* __restrict__ o, int readout, int active,
                                    float* __restrict__ p_probe, const int* clamp) {
    __shared__ float sp[TILE_TOKENS][GROUP][SLOTS];
    __shared__ float sa[TILE_TOKENS][SLOTS];
    __shared__ float ss[TILE_TOKENS][SLOTS];
    pdl_trigger(); // the o_proj GEMV after it may start streaming weights
    size_t r0 = seq_rows(t_len);
    value_state += (size_t) blockIdx.z * VALUE_STATE;
    qkvf += r0 * QKVF_STRIDE;
    alpha += r0 * KV_SLOTS;
    write += r0 * KV_SLOTS;
    z += r0 * Q_HEADS * SLOTS;
    o += r0 * Q_HEADS * HEAD_V;
    p_probe = seq_part(p_probe, r0 * Q_HEADS * SLOTS);
    int h = blockIdx.x;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int mg = lane & 3;
    int col = blockIdx.y * 32 + warp * 8 + (lane >> 2);
    bool live = col < HEAD_V;
    float st[QUARTER_SLOTS];
    float* vs = value_state + (size_t) h * SLOTS * HEAD_V;
#pragma unroll
    for (int i = 0; i < QUARTER_SLOTS; i++) {
        int m = mg * QUARTER_SLOTS + i;
        st[i] = live && m < SLOTS ? vs[(size_t) m * HEAD_V + col] : 0.f;
    }
    pdl_wait(); // the state above is read before waiting, as in key_scan
    for (int t0 = 0; t0 < t_len; t0 += TILE_TOKENS) {
        int n = min(TILE_TOKENS, t_len - t0);
        // the tile's first v is loaded with its gates and scores below, not after the barrier (one L2 round trip
        // less on the decode step's critical path)
        float v0 = live ? qkvf[(size_t) t0 * QKVF_STRIDE + Q_WIDTH + K_WIDTH + h * HEAD_V + col] : 0.f;
        __syncthreads();
        for (int i = threadIdx.x; i < n * SLOTS; i += blockDim.x) {
            int tt = i / SLOTS, m = i % SLOTS;
            size_t gi = (size_t) (t0 + tt) * KV_SLOTS + h * SLOTS + m;
            sa[tt][m] = alpha[gi];
            ss[tt][m] = write[gi];
        }
        for (int r = warp; r < n * GROUP; r += 4) {
            int tt = r / GROUP, g = r % GROUP;
            size_t row = ((size_t) (t0 + tt) * Q_HEADS + h * GROUP + g) * SLOTS;
            readout_row(z + row, sp[tt][g], active, readout, p_probe && blockIdx.y == 0 ? p_probe + row : nullptr,
                        clamp ? clamp[h * GROUP + g] : -1);
        }
        __syncthreads();
        for (int tt = 0; tt < n; tt++) {
            int t = t0 + tt;
            float v = tt == 0 ? v0 : live ? qkvf[(size_t) t * QKVF_STRIDE + Q_WIDTH + K_WIDTH + h * HEAD_V + col] : 0.f;
            float acc[GROUP];
            value_update<QUARTER_SLOTS>(st, mg * QUARTER_SLOTS, sa[tt], ss[tt], v, sp[tt][0], acc);
#pragma unroll
            for (int g = 0; g < GROUP; g++) {
                float a = acc[g];
                a += __shfl_xor_sync(0xffffffffu, a, 1);
                a += __shfl_xor_sync(0xffffffffu, a, 2);
                if (mg == 0 && live) o[((size_t) t * Q_HEADS + h * GROUP + g) * HEAD_V + col] = a;
            }
        }
    }
#pragma unroll
    for (int i = 0; i < QUARTER_SLOTS; i++) {
        int m = mg * QUARTER_SLOTS + i;
        if (live && m < SLOTS) vs[(size_t) m * HEAD_V + col] = st[i];
    }
}
