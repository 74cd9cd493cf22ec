// Row- and channel-wise kernels: embedding, RMSNorm, SwiGLU, the decode step's token embedding, prep and t2r.

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
extern "C" __global__ void prep(float* qkvf, int t_len, const float* conv_w, float* conv_state, int width,
                                float* alpha, float* write, float tau, int fm, int active, int no_forget,
                                float const_decay, const float* decay_table) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= QKVF_STRIDE) return;
    qkvf += seq_rows(t_len) * QKVF_STRIDE;
    alpha += seq_rows(t_len) * KV_SLOTS;
    write += seq_rows(t_len) * KV_SLOTS;
    conv_state = seq_part(conv_state, (size_t) blockIdx.z * (Q_WIDTH + K_WIDTH + V_WIDTH) * (width - 1));
    int per = (t_len + gridDim.y - 1) / gridDim.y;
    int t0 = blockIdx.y * per, t1 = min(t_len, t0 + per);
    if (c >= Q_WIDTH + K_WIDTH + V_WIDTH) {
        int hm = c - (Q_WIDTH + K_WIDTH + V_WIDTH);
        for (int t = t0; t < t1; t++) {
            float a, s;
            gate_of(qkvf[(size_t) t * QKVF_STRIDE + c], hm, tau, active, no_forget, const_decay, decay_table, a, s);
            alpha[(size_t) t * KV_SLOTS + hm] = a;
            write[(size_t) t * KV_SLOTS + hm] = s;
        }
        return;
    }
    float win[MAX_CONV_WIDTH];
    int hist = width - 1;
    if (conv_w) {
        for (int j = 0; j < hist; j++) win[j] = conv_state[(size_t) c * hist + j];
    }
    for (int t = t0; t < t1; t++) {
        float* p = qkvf + (size_t) t * QKVF_STRIDE + c;
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
    __shared__ float row[HEAD_K];
    int t = blockIdx.x / (Q_HEADS + KV_HEADS), h = blockIdx.x % (Q_HEADS + KV_HEADS);
    float* p = qkvf + (size_t) t * QKVF_STRIDE + h * HEAD_K;
    if (threadIdx.x < HEAD_K) row[threadIdx.x] = p[threadIdx.x];
    __syncthreads();
    if (threadIdx.x < HEAD_K) {
        float acc = 0.f;
        for (int j = 0; j < HEAD_K; j++) acc += tm[threadIdx.x * HEAD_K + j] * row[j];
        p[threadIdx.x] = feature(acc, fm);
    }
}

// Gate edits of the targeted interventions (knockout, force-gate), after prep: each record of GATE_EDIT_INTS ints
// {slot h·M+m, first position, last position, α bits, s bits} sets α and s of its slot for the rows whose absolute
// position pos0 + t lies in its range; records apply in order, so a later one wins. One thread per row; grid plane z
// is the sequence (all sequences of a batch are at the same position).
extern "C" __global__ void gate_edit(float* alpha, float* write, int t_len, int pos0, const int* edits, int n) {
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= t_len) return;
    int pos = pos0 + t;
    for (int e = 0; e < n; e++) {
        const int* r = edits + (size_t) e * GATE_EDIT_INTS;
        if (pos >= r[1] && pos <= r[2]) {
            size_t i = (seq_rows(t_len) + t) * KV_SLOTS + r[0];
            alpha[i] = __int_as_float(r[3]);
            write[i] = __int_as_float(r[4]);
        }
    }
}

// zero-head: o_t of every query head whose flag is set becomes 0 (before SiLU and g_norm). One block per row.
extern "C" __global__ void zero_heads(float* o, int t_len, const int* zeroed) {
    float* row = o + (size_t) blockIdx.x * Q_HEADS * HEAD_V;
    for (int i = threadIdx.x; i < Q_HEADS * HEAD_V; i += blockDim.x)
        if (zeroed[i / HEAD_V]) row[i] = 0.f;
}
