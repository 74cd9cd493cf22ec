// The slot memory over a prefill, parallel over time in chunks (after slot_scan.cu, whose row helpers it reuses).

// Chunked prefill (parallel over time). key_scan / value_scan above walk the tokens one by one and stay as the plain
// form (decode uses them; the tests compare both). Within a chunk of CHUNK tokens, with G_t[m] = Σ_{r≤t} log α_r[m]
// (chunk-local) and K̃₀, Ṽ₀ the state entering the chunk:
//   z_t[m] = e^{G_t[m]}·⟨K̃₀[m], q̂_t⟩ + Σ_{s≤t} ⟨q̂_t, k̂_s⟩·s_s[m]·e^{G_t[m]−G_s[m]}
//   p_t    = readout(z_t)
//   o_t    = Σ_m p_t[m]·e^{G_t[m]}·Ṽ₀[m] + Σ_{s≤t} (Σ_m p_t[m]·s_s[m]·e^{G_t[m]−G_s[m]})·v̂_s
// Decays are always e^{G_t − G_s} with G_t ≤ G_s, never e^{−G}. Launch order per layer: chunk_cum → chunk_state
// (each chunk's own contribution to the state) → chunk_carry (states entering every chunk, sequential over chunks
// only) → [chunk_norms for probes] → chunk_out (both passes with the readout between them).
constexpr int PADDED_SLOTS = SLOTS + 1; // shared-memory rows of slots, padded against bank conflicts

// gc[t][h·M+m] = chunk-local cumulative log α, in double so that G_t − G_s keeps its digits when both are large
// (α = 0 is clamped so that e^{G_t−G_s} underflows to 0 instead of NaN)
extern "C" __global__ void chunk_cum(const float* __restrict__ alpha, double* __restrict__ gc, int t_len) {
    alpha += seq_rows(t_len) * KV_SLOTS;
    gc += seq_rows(t_len) * KV_SLOTS;
    int hm = blockIdx.y * blockDim.x + threadIdx.x;
    if (hm >= KV_SLOTS) return;
    int t0 = blockIdx.x * CHUNK, t1 = min(t_len, t0 + CHUNK);
    double g = 0.0;
    for (int t = t0; t < t1; t++) {
        g += log(fmax((double) alpha[(size_t) t * KV_SLOTS + hm], 1e-30));
        gc[(size_t) t * KV_SLOTS + hm] = g;
    }
}

// The chunk's own contribution Δ[m][j] = Σ_s e^{G_n[m]−G_s[m]}·s_s[m]·x_s[j] for x = k̂ (column tiles < KT) or v̂.
// Grid (chunk, kv head × (KT + VT) column tiles of 64), 256 threads: thread owns a column and every 4th slot.
constexpr int K_TILES = (HEAD_K + 63) / 64, V_TILES = (HEAD_V + 63) / 64;
constexpr int STRIDED_SLOTS = (SLOTS + 3) / 4;
extern "C" __global__ void __launch_bounds__(256) chunk_state(const float* __restrict__ qkvf, const double* __restrict__ gc,
                                                              const float* __restrict__ write, int t_len,
                                                              float* __restrict__ dks, float* __restrict__ dvs) {
    __shared__ float sw[CHUNK][SLOTS];
    __shared__ float sx[CHUNK][64];
    size_t r0 = seq_rows(t_len), c0 = (size_t) blockIdx.z * ((t_len + CHUNK - 1) / CHUNK);
    qkvf += r0 * QKVF_STRIDE;
    gc += r0 * KV_SLOTS;
    write += r0 * KV_SLOTS;
    dks += c0 * KEY_STATE;
    dvs += c0 * VALUE_STATE;
    int c = blockIdx.x, h = blockIdx.y / (K_TILES + V_TILES), tile = blockIdx.y % (K_TILES + V_TILES);
    bool isK = tile < K_TILES;
    int dim = isK ? HEAD_K : HEAD_V, j0 = (isK ? tile : tile - K_TILES) * 64;
    int xoff = isK ? Q_WIDTH + h * HEAD_K : Q_WIDTH + K_WIDTH + h * HEAD_V;
    int t0 = c * CHUNK, n = min(CHUNK, t_len - t0), last = t0 + n - 1;
    for (int i = threadIdx.x; i < CHUNK * SLOTS; i += blockDim.x) {
        int s = i / SLOTS, m = i % SLOTS;
        size_t gi = (size_t) (t0 + s) * KV_SLOTS + h * SLOTS + m;
        sw[s][m] = s < n ? expf((float) (gc[(size_t) last * KV_SLOTS + h * SLOTS + m] - gc[gi])) * write[gi] : 0.f;
    }
    for (int i = threadIdx.x; i < CHUNK * 64; i += blockDim.x) {
        int s = i / 64, j = i % 64;
        sx[s][j] = s < n && j0 + j < dim ? qkvf[(size_t) (t0 + s) * QKVF_STRIDE + xoff + j0 + j] : 0.f;
    }
    __syncthreads();
    int j = threadIdx.x & 63, mr = threadIdx.x >> 6;
    float acc[STRIDED_SLOTS];
#pragma unroll
    for (int r = 0; r < STRIDED_SLOTS; r++) acc[r] = 0.f;
    for (int s = 0; s < n; s++) {
        float xv = sx[s][j];
#pragma unroll
        for (int r = 0; r < STRIDED_SLOTS; r++) if (mr + 4 * r < SLOTS) acc[r] += sw[s][mr + 4 * r] * xv;
    }
    if (j0 + j >= dim) return;
    float* d = isK ? dks : dvs;
#pragma unroll
    for (int r = 0; r < STRIDED_SLOTS; r++) {
        int m = mr + 4 * r;
        if (m < SLOTS) d[(((size_t) c * KV_HEADS + h) * SLOTS + m) * dim + j0 + j] = acc[r];
    }
}

// Walks the chunks in order: d[c] ← state entering chunk c, state ← e^{G_n}·state + Δ_c; one thread per state entry.
extern "C" __global__ void chunk_carry(float* __restrict__ key_state, float* __restrict__ value_state,
                                       float* __restrict__ dks, float* __restrict__ dvs, const double* __restrict__ gc,
                                       int t_len) {
    const int nk = KEY_STATE, nv = VALUE_STATE;
    int nc = (t_len + CHUNK - 1) / CHUNK;
    key_state += (size_t) blockIdx.z * KEY_STATE;
    value_state += (size_t) blockIdx.z * VALUE_STATE;
    dks += (size_t) blockIdx.z * nc * KEY_STATE;
    dvs += (size_t) blockIdx.z * nc * VALUE_STATE;
    gc += seq_rows(t_len) * KV_SLOTS;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= nk + nv) return;
    bool isK = i < nk;
    int e = isK ? i : i - nk, per = isK ? nk : nv, hm = e / (isK ? HEAD_K : HEAD_V);
    float* st = isK ? key_state : value_state;
    float* d = isK ? dks : dvs;
    float s = st[e];
    for (int c = 0; c < nc; c++) {
        int last = min(t_len, (c + 1) * CHUNK) - 1;
        float dc = d[(size_t) c * per + e];
        d[(size_t) c * per + e] = s;
        s = expf((float) gc[(size_t) last * KV_SLOTS + hm]) * s + dc;
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
        float a = alpha[(size_t) t * KV_SLOTS + hm], s = write[(size_t) t * KV_SLOTS + hm];
        float nn = warp_sum(row_update<DIM, PL>(st, a, s, qkvf + (size_t) t * QKVF_STRIDE + x_off, lane));
        if (lane == 0) norm[(size_t) t * KV_SLOTS + hm] = sqrtf(nn);
    }
}
extern "C" __global__ void chunk_norms(const float* dks, const float* dvs, const float* qkvf, int t_len,
                                       const float* alpha, const float* write, float* key_norm, float* value_norm) {
    int w = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    int nc = (t_len + CHUNK - 1) / CHUNK;
    if (w >= nc * KV_SLOTS * 2) return;
    size_t r0 = seq_rows(t_len);
    dks += (size_t) blockIdx.z * nc * KEY_STATE;
    dvs += (size_t) blockIdx.z * nc * VALUE_STATE;
    qkvf += r0 * QKVF_STRIDE;
    alpha += r0 * KV_SLOTS;
    write += r0 * KV_SLOTS;
    key_norm += r0 * KV_SLOTS;
    value_norm += r0 * KV_SLOTS;
    int kind = w & 1, hm = (w >> 1) % KV_SLOTS, c = (w >> 1) / KV_SLOTS, h = hm / SLOTS;
    int t0 = c * CHUNK, n = min(CHUNK, t_len - t0);
    if (kind == 0) norm_walk<HEAD_K, K_PER_LANE>(dks + ((size_t) c * KV_SLOTS + hm) * HEAD_K, qkvf, Q_WIDTH + h * HEAD_K, t0, n, alpha, write, hm, key_norm);
    else norm_walk<HEAD_V, V_PER_LANE>(dvs + ((size_t) c * KV_SLOTS + hm) * HEAD_V, qkvf, Q_WIDTH + K_WIDTH + h * HEAD_V, t0, n, alpha, write, hm, value_norm);
}

// Both passes for one (chunk, query head), 256 threads; dynamic shared memory of CHUNK_OUT_FLOATS floats (set by the
// host, which sizes the launch from it). z_probe / p_probe (optional) receive z and p; clamp (optional) holds, per query
// head, the slot its readout is clamped to, or −1.
constexpr int OUT_ROWS = SLOTS + CHUNK; // K̃₀ (Ṽ₀) rows, then the chunk's k̂ (v̂) rows
constexpr int ROWS_PER_THREAD = CHUNK / 16, COLS_PER_THREAD = (OUT_ROWS + 15) / 16;
extern "C" __global__ void __launch_bounds__(256) chunk_out(const float* __restrict__ qkvf, const double* __restrict__ gc,
        const float* __restrict__ write, const float* __restrict__ dks, const float* __restrict__ dvs, int t_len,
        float* __restrict__ o, int readout, int active, float* __restrict__ z_probe, float* __restrict__ p_probe,
        const int* clamp) {
    extern __shared__ float smem[];
    u32 have;
    asm("mov.u32 %0, %%dynamic_smem_size;" : "=r"(have));
    if (have < 4u * CHUNK_OUT_FLOATS) __trap();
    size_t r0 = seq_rows(t_len), c0 = (size_t) blockIdx.z * ((t_len + CHUNK - 1) / CHUNK);
    qkvf += r0 * QKVF_STRIDE;
    gc += r0 * KV_SLOTS;
    write += r0 * KV_SLOTS;
    dks += c0 * KEY_STATE;
    dvs += c0 * VALUE_STATE;
    o += r0 * Q_HEADS * HEAD_V;
    z_probe = seq_part(z_probe, r0 * Q_HEADS * SLOTS);
    p_probe = seq_part(p_probe, r0 * Q_HEADS * SLOTS);
    double* sg = (double*) smem;      // [CHUNK][PADDED_SLOTS] G_t (double: two floats each)
    float* sw = smem + 2 * CHUNK * PADDED_SLOTS;   // [CHUNK][PADDED_SLOTS] s_t
    float* sz = sw + CHUNK * PADDED_SLOTS;         // [CHUNK][PADDED_SLOTS] z_t, then p_t
    float* sk = sz + CHUNK * PADDED_SLOTS;         // [CHUNK][PADDED_SLOTS] ⟨K̃₀[m], q̂_t⟩, then p_t·e^{G_t}
    float* sA = sk + CHUNK * PADDED_SLOTS;         // [CHUNK][CHUNK+1] ⟨q̂_t, k̂_s⟩, then the pass-2 weights B[t][s]
    float* sq = sA + CHUNK * (CHUNK + 1);   // [CHUNK][33] q tile
    float* sr = sq + CHUNK * 33;         // [OUT_ROWS][33] K̃₀ / k̂ tile; in pass 2 [32][64] Ṽ₀ / v̂ tile
    int c = blockIdx.x, hq = blockIdx.y, h = hq / GROUP, tid = threadIdx.x;
    int lane = tid & 31, warp = tid >> 5;
    int t0 = c * CHUNK, n = min(CHUNK, t_len - t0);
    const float* kin = dks + (size_t) (c * KV_HEADS + h) * SLOTS * HEAD_K;
    const float* vin = dvs + (size_t) (c * KV_HEADS + h) * SLOTS * HEAD_V;
    for (int i = tid; i < CHUNK * SLOTS; i += blockDim.x) {
        int t = i / SLOTS, m = i % SLOTS;
        size_t gi = (size_t) (t0 + t) * KV_SLOTS + h * SLOTS + m;
        sg[t * PADDED_SLOTS + m] = t < n ? gc[gi] : 0.0;
        sw[t * PADDED_SLOTS + m] = t < n ? write[gi] : 0.f;
    }
    // pass 1 scores: [CHUNK][OUT_ROWS] = q̂ · [K̃₀ ; k̂]ᵀ, tiled over the head dim; thread rows rg + 16·i, columns cg + 16·jj
    int rg = tid >> 4, cg = tid & 15;
    float acc[ROWS_PER_THREAD][COLS_PER_THREAD];
#pragma unroll
    for (int i = 0; i < ROWS_PER_THREAD; i++)
#pragma unroll
        for (int jj = 0; jj < COLS_PER_THREAD; jj++) acc[i][jj] = 0.f;
    for (int k0 = 0; k0 < HEAD_K; k0 += 32) {
        __syncthreads();
        for (int i = tid; i < CHUNK * 32; i += blockDim.x) {
            int t = i / 32, kk = i % 32;
            sq[t * 33 + kk] = t < n && k0 + kk < HEAD_K ? qkvf[(size_t) (t0 + t) * QKVF_STRIDE + hq * HEAD_K + k0 + kk] : 0.f;
        }
        for (int i = tid; i < OUT_ROWS * 32; i += blockDim.x) {
            int r = i / 32, kk = i % 32;
            float v = 0.f;
            if (k0 + kk < HEAD_K) {
                if (r < SLOTS) v = kin[(size_t) r * HEAD_K + k0 + kk];
                else if (r - SLOTS < n) v = qkvf[(size_t) (t0 + r - SLOTS) * QKVF_STRIDE + Q_WIDTH + h * HEAD_K + k0 + kk];
            }
            sr[r * 33 + kk] = v;
        }
        __syncthreads();
#pragma unroll 4
        for (int kk = 0; kk < 32; kk++) {
            float a[ROWS_PER_THREAD], b[COLS_PER_THREAD];
#pragma unroll
            for (int i = 0; i < ROWS_PER_THREAD; i++) a[i] = sq[(rg + 16 * i) * 33 + kk];
#pragma unroll
            for (int jj = 0; jj < COLS_PER_THREAD; jj++) b[jj] = cg + 16 * jj < OUT_ROWS ? sr[(cg + 16 * jj) * 33 + kk] : 0.f;
#pragma unroll
            for (int i = 0; i < ROWS_PER_THREAD; i++)
#pragma unroll
                for (int jj = 0; jj < COLS_PER_THREAD; jj++) acc[i][jj] += a[i] * b[jj];
        }
    }
#pragma unroll
    for (int i = 0; i < ROWS_PER_THREAD; i++)
#pragma unroll
        for (int jj = 0; jj < COLS_PER_THREAD; jj++) {
            int t = rg + 16 * i, col = cg + 16 * jj;
            if (col < SLOTS) sk[t * PADDED_SLOTS + col] = acc[i][jj];
            else if (col < OUT_ROWS) sA[t * (CHUNK + 1) + col - SLOTS] = acc[i][jj];
        }
    __syncthreads();
    // z_t[m]
    for (int i = tid; i < CHUNK * SLOTS; i += blockDim.x) {
        int t = i / SLOTS, m = i % SLOTS;
        double gt = sg[t * PADDED_SLOTS + m];
        float zv = expf((float) gt) * sk[t * PADDED_SLOTS + m];
        for (int s = 0; s <= t; s++) zv += sA[t * (CHUNK + 1) + s] * sw[s * PADDED_SLOTS + m] * expf((float) (gt - sg[s * PADDED_SLOTS + m]));
        sz[t * PADDED_SLOTS + m] = zv;
        if (z_probe && t < n) z_probe[((size_t) (t0 + t) * Q_HEADS + hq) * SLOTS + m] = zv;
    }
    __syncthreads();
    // readout p_t, one warp per row
    for (int t = warp; t < CHUNK; t += blockDim.x >> 5) {
        float* zr = sz + t * PADDED_SLOTS;
        readout_row(zr, zr, active, readout, p_probe && t < n ? p_probe + ((size_t) (t0 + t) * Q_HEADS + hq) * SLOTS : nullptr,
                    clamp ? clamp[hq] : -1);
        for (int m = lane; m < SLOTS; m += 32) sk[t * PADDED_SLOTS + m] = zr[m] * expf((float) sg[t * PADDED_SLOTS + m]); // lane's own slots
    }
    __syncthreads();
    // pass 2 weights B[t][s] = Σ_m p_t[m]·s_s[m]·e^{G_t[m]−G_s[m]} (s ≤ t)
    for (int i = tid; i < CHUNK * CHUNK; i += blockDim.x) {
        int t = i / CHUNK, s = i % CHUNK;
        float b = 0.f;
        if (s <= t)
            for (int m = 0; m < SLOTS; m++) b += sz[t * PADDED_SLOTS + m] * sw[s * PADDED_SLOTS + m] * expf((float) (sg[t * PADDED_SLOTS + m] - sg[s * PADDED_SLOTS + m]));
        sA[t * (CHUNK + 1) + s] = b;
    }
    // o = [p·e^{G} | B] · [Ṽ₀ ; v̂], column tiles of 64, reduction in steps of 32 rows staged in sr
    for (int j0 = 0; j0 < HEAD_V; j0 += 64) {
        float oc[ROWS_PER_THREAD][4];
#pragma unroll
        for (int i = 0; i < ROWS_PER_THREAD; i++)
#pragma unroll
            for (int jj = 0; jj < 4; jj++) oc[i][jj] = 0.f;
        for (int r0 = 0; r0 < OUT_ROWS; r0 += 32) {
            __syncthreads();
            for (int i = tid; i < 32 * 64; i += blockDim.x) {
                int r = r0 + i / 64, j = j0 + i % 64;
                float v = 0.f;
                if (j < HEAD_V && r < OUT_ROWS) {
                    if (r < SLOTS) v = vin[(size_t) r * HEAD_V + j];
                    else if (r - SLOTS < n) v = qkvf[(size_t) (t0 + r - SLOTS) * QKVF_STRIDE + Q_WIDTH + K_WIDTH + h * HEAD_V + j];
                }
                sr[i] = v;
            }
            __syncthreads();
            for (int rr = 0; rr < 32 && r0 + rr < OUT_ROWS; rr++) {
                int r = r0 + rr;
                float a[ROWS_PER_THREAD], b[4];
#pragma unroll
                for (int i = 0; i < ROWS_PER_THREAD; i++) {
                    int t = rg + 16 * i;
                    a[i] = r < SLOTS ? sk[t * PADDED_SLOTS + r] : sA[t * (CHUNK + 1) + r - SLOTS];
                }
#pragma unroll
                for (int jj = 0; jj < 4; jj++) b[jj] = sr[rr * 64 + cg + 16 * jj];
#pragma unroll
                for (int i = 0; i < ROWS_PER_THREAD; i++)
#pragma unroll
                    for (int jj = 0; jj < 4; jj++) oc[i][jj] += a[i] * b[jj];
            }
        }
#pragma unroll
        for (int i = 0; i < ROWS_PER_THREAD; i++)
#pragma unroll
            for (int jj = 0; jj < 4; jj++) {
                int t = rg + 16 * i, j = j0 + cg + 16 * jj;
                if (t < n && j < HEAD_V) o[((size_t) (t0 + t) * Q_HEADS + hq) * HEAD_V + j] = oc[i][jj];
            }
    }
}
