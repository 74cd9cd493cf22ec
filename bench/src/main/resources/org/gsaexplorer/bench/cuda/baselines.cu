// Kernels of the throughput bench's baselines (Transformer++ and GLA), compiled at start-up by NVRTC after common.cu.
// Shapes are run-time arguments, so one compile serves every model size.
// Cache dtypes are weight dtype codes (DTYPE_*, common.cu). Activations, softmax and state are fp32.
// Decode kernels read the position from device memory (pos[0]) so one captured graph serves every step.

// ---- weights -----------------------------------------------------------------------------------------------------

extern "C" __global__ void bl_cast(const float* src, void* dst, int dt, u64 n) {
    for (u64 i = (u64) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) storew(dst, i, dt, src[i]);
}

// ---- shared layers -------------------------------------------------------------------------------------------------

// x[t] = emb[ids[t]] (fp32); grid: rows
extern "C" __global__ void bl_embed(const void* emb, int dt, const int* ids, float* x, int d) {
    size_t row = (size_t) ids[blockIdx.x] * d;
    for (int i = threadIdx.x; i < d; i += blockDim.x) x[(size_t) blockIdx.x * d + i] = loadw(emb, row + i, dt);
}

// out[t] = x[t] / sqrt(mean(x[t]²) + eps) · w, stored in dtype outDt; grid: rows
extern "C" __global__ void bl_rmsnorm(const float* x, int width, const float* w, float eps, void* out, int outDt) {
    const float* r = x + (size_t) blockIdx.x * width;
    float ss = 0.f;
    for (int i = threadIdx.x; i < width; i += blockDim.x) ss += r[i] * r[i];
    ss = block_reduce(ss, false);
    float inv = rsqrtf(ss / width + eps);
    for (int i = threadIdx.x; i < width; i += blockDim.x) storew(out, (size_t) blockIdx.x * width + i, outDt, r[i] * inv * w[i]);
}

// y[r] = (accumulate ? y[r] : 0) + W[r]·x, W row-major [rows, cols] (cols a multiple of 8), one warp per row, 16-byte loads
template <int DT>
__device__ void gemv(const void* W, const float* __restrict__ x, float* y, int rows, int cols, int accumulate) {
    int lane = threadIdx.x & 31;
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5, warps = (gridDim.x * blockDim.x) >> 5;
    for (int r = warp; r < rows; r += warps) {
        float acc = 0.f;
        if (DT == DTYPE_F32) {
            const float* w = (const float*) W + (size_t) r * cols;
#pragma unroll 4
            for (int c = lane * 4; c < cols; c += 128) {
                float4 a = *(const float4*) (w + c), b = *(const float4*) (x + c);
                acc += a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
            }
        } else {
            const u16* w = (const u16*) W + (size_t) r * cols;
#pragma unroll 4
            for (int c = lane * 8; c < cols; c += 256) {
                uint4 u = *(const uint4*) (w + c);
                float4 b0 = *(const float4*) (x + c), b1 = *(const float4*) (x + c + 4);
                if (DT == DTYPE_BF16) {
                    acc += bf2f(u.x) * b0.x + bf2f(u.x >> 16) * b0.y + bf2f(u.y) * b0.z + bf2f(u.y >> 16) * b0.w
                         + bf2f(u.z) * b1.x + bf2f(u.z >> 16) * b1.y + bf2f(u.w) * b1.z + bf2f(u.w >> 16) * b1.w;
                } else {
                    acc += h2f((u16) u.x) * b0.x + h2f((u16) (u.x >> 16)) * b0.y + h2f((u16) u.y) * b0.z + h2f((u16) (u.y >> 16)) * b0.w
                         + h2f((u16) u.z) * b1.x + h2f((u16) (u.z >> 16)) * b1.y + h2f((u16) u.w) * b1.z + h2f((u16) (u.w >> 16)) * b1.w;
                }
            }
        }
        acc = warp_sum(acc);
        if (lane == 0) y[r] = (accumulate ? y[r] : 0.f) + acc;
    }
}
extern "C" __global__ void bl_gemv_f32(const void* W, const float* x, float* y, int rows, int cols, int acc) { gemv<DTYPE_F32>(W, x, y, rows, cols, acc); }
extern "C" __global__ void bl_gemv_f16(const void* W, const float* x, float* y, int rows, int cols, int acc) { gemv<DTYPE_F16>(W, x, y, rows, cols, acc); }
extern "C" __global__ void bl_gemv_bf16(const void* W, const float* x, float* y, int rows, int cols, int acc) { gemv<DTYPE_BF16>(W, x, y, rows, cols, acc); }

// out[t][i] = silu(gu[t][i]) · gu[t][inter + i]; grid: rows
extern "C" __global__ void bl_swiglu(const float* gu, int inter, void* out, int dt) {
    const float* r = gu + (size_t) blockIdx.x * 2 * inter;
    for (int i = threadIdx.x; i < inter; i += blockDim.x) storew(out, (size_t) blockIdx.x * inter + i, dt, silu(r[i]) * r[inter + i]);
}

// ids[0] = argmax(logits) (first of equal maxima), pos[0] += 1: the end of a greedy decode step; one block of 1024
extern "C" __global__ void bl_argmax_advance(const float* logits, int n, int* ids, int* pos) {
    __shared__ float bv[1024];
    __shared__ int bi[1024];
    float best = NEG_INF;
    int at = 0x7fffffff;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        if (logits[i] > best) { best = logits[i]; at = i; }
    bv[threadIdx.x] = best;
    bi[threadIdx.x] = at;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            float ov = bv[threadIdx.x + s];
            int oi = bi[threadIdx.x + s];
            if (ov > bv[threadIdx.x] || (ov == bv[threadIdx.x] && oi < bi[threadIdx.x])) { bv[threadIdx.x] = ov; bi[threadIdx.x] = oi; }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        ids[0] = bi[0] == 0x7fffffff ? 0 : bi[0];
        pos[0] += 1;
    }
}

// ---- Transformer++ -------------------------------------------------------------------------------------------------

// Row t of qkv [t][qw + 2·kvw] (q, k, v) is at position pos[0] + t: rotate q and k (rotate-half RoPE, angles in double
// as the Java baseline), append k and v to the caches [position][kvw] in dtype cdt, and write q in dtype cdt to qlow
// (for the prefill GEMMs) when qlow is not null. grid: rows
extern "C" __global__ void bl_rope_append(float* qkv, int heads, int kvHeads, int hd, const int* pos, float theta,
                                          void* kc, void* vc, int cdt, void* qlow) {
    int qw = heads * hd, kvw = kvHeads * hd, half = hd / 2;
    long p = (long) pos[0] + blockIdx.x;
    float* row = qkv + (size_t) blockIdx.x * (qw + 2 * kvw);
    for (int j = threadIdx.x; j < (heads + kvHeads) * half; j += blockDim.x) {
        int h = j / half, i = j % half;
        double a = (double) p * pow((double) theta, -2.0 * i / hd);
        float c = (float) cos(a), s = (float) sin(a);
        float* base = row + h * hd;  // k heads follow the q heads in the row
        float x1 = base[i], x2 = base[half + i];
        base[i] = x1 * c - x2 * s;
        base[half + i] = x2 * c + x1 * s;
    }
    __syncthreads();
    for (int j = threadIdx.x; j < kvw; j += blockDim.x) {
        storew(kc, (size_t) p * kvw + j, cdt, row[qw + j]);
        storew(vc, (size_t) p * kvw + j, cdt, row[qw + kvw + j]);
    }
    if (qlow != 0)
        for (int j = threadIdx.x; j < qw; j += blockDim.x) storew(qlow, (size_t) blockIdx.x * qw + j, cdt, row[j]);
}

// Flash-decoding, pass 1: the query of head blockIdx.y against keys [0, pos[0]] split into gridDim.x ranges; per range
// the un-normalised output Σ e^{s−m}·v and (m, l = Σ e^{s−m}). One warp per key at a time, lanes over the head dims.
// block: 128 threads; hd ≤ 256, a multiple of 32
extern "C" __global__ void bl_attn_split(const float* q, const void* kc, const void* vc, int cdt, const int* pos,
                                         int heads, int kvHeads, int hd, float scale, float* part, float* ml) {
    __shared__ float sm[4], sl[4];
    __shared__ float sacc[4][256];
    int h = blockIdx.y, split = blockIdx.x, splits = gridDim.x;
    int kvh = h / (heads / kvHeads), kvw = kvHeads * hd;
    int lane = threadIdx.x & 31, w = threadIdx.x >> 5, per = hd / 32;
    int n = pos[0] + 1, chunk = (n + splits - 1) / splits;
    int from = split * chunk, to = min(n, from + chunk);
    float qv[8], acc[8];
    for (int u = 0; u < per; u++) { qv[u] = q[h * hd + lane * per + u] * scale; acc[u] = 0.f; }
    float m = NEG_INF, l = 0.f;
    for (int j = from + w; j < to; j += 4) {
        size_t base = (size_t) j * kvw + kvh * hd + lane * per;
        float s = 0.f;
        for (int u = 0; u < per; u++) s += qv[u] * loadw(kc, base + u, cdt);
        s = warp_sum(s);
        float mn = fmaxf(m, s), c = expf(m - mn), e = expf(s - mn);
        l = l * c + e;
        for (int u = 0; u < per; u++) acc[u] = acc[u] * c + e * loadw(vc, base + u, cdt);
        m = mn;
    }
    if (lane == 0) { sm[w] = m; sl[w] = l; }
    for (int u = 0; u < per; u++) sacc[w][lane * per + u] = acc[u];
    __syncthreads();
    float mt = fmaxf(fmaxf(sm[0], sm[1]), fmaxf(sm[2], sm[3]));
    size_t o = (size_t) h * splits + split;
    for (int e = threadIdx.x; e < hd; e += blockDim.x) {
        float v = 0.f;
        for (int k = 0; k < 4; k++) if (sm[k] != NEG_INF) v += sacc[k][e] * expf(sm[k] - mt);
        part[o * hd + e] = v;
    }
    if (threadIdx.x == 0) {
        float lt = 0.f;
        for (int k = 0; k < 4; k++) if (sm[k] != NEG_INF) lt += sl[k] * expf(sm[k] - mt);
        ml[2 * o] = mt;
        ml[2 * o + 1] = lt;
    }
}

// Flash-decoding, pass 2: combine the ranges of head blockIdx.x into out[h·hd + e]; block: hd threads
extern "C" __global__ void bl_attn_combine(const float* part, const float* ml, int splits, int hd, float* out) {
    int h = blockIdx.x, e = threadIdx.x;
    float mt = NEG_INF;
    for (int s = 0; s < splits; s++) mt = fmaxf(mt, ml[2 * (h * splits + s)]);
    float l = 0.f, v = 0.f;
    for (int s = 0; s < splits; s++) {
        float ms = ml[2 * (h * splits + s)];
        if (ms == NEG_INF) continue;
        float c = expf(ms - mt);
        l += ml[2 * (h * splits + s) + 1] * c;
        v += part[((size_t) h * splits + s) * hd + e] * c;
    }
    out[h * hd + e] = v / l;
}

// Prefill: scores S [heads][t][n] (from a GEMM) → probabilities P (dtype dt) with the causal mask: row r sees keys
// [0, pos0 + r]. grid: (t, heads), block 256
extern "C" __global__ void bl_causal_softmax(const float* S, void* P, int dt, int t, int n, int pos0, float scale) {
    size_t row = ((size_t) blockIdx.y * t + blockIdx.x) * n;
    int valid = pos0 + blockIdx.x + 1;
    float m = NEG_INF;
    for (int j = threadIdx.x; j < valid; j += blockDim.x) m = fmaxf(m, S[row + j] * scale);
    m = block_reduce(m, true);
    float sum = 0.f;
    for (int j = threadIdx.x; j < valid; j += blockDim.x) sum += expf(S[row + j] * scale - m);
    sum = block_reduce(sum, false);
    float inv = 1.f / sum;
    for (int j = threadIdx.x; j < n; j += blockDim.x) storew(P, row + j, dt, j < valid ? expf(S[row + j] * scale - m) * inv : 0.f);
}

// ---- GLA -----------------------------------------------------------------------------------------------------------

// Gated linear attention over t tokens for head blockIdx.x and value columns [32·blockIdx.y, +32): per token
// α = exp(logσ(gd·W_up + b)/τ) per key dim, S = diag(α)·S + kᵀv, o = (q·scale)·S. Rows of proj [t][stride] hold q at
// qOff, k at kOff, v at vOff and the low-rank gate input gd (rank R) at gdOff. The state column slice lives in
// registers (thread (row group g, lane) holds rows g, g+G, ...); block: 32·G threads with G = ceil(dk / 32) ≤ 32.
#define GLA_ROWS 32
extern "C" __global__ void bl_gla_scan(const float* proj, int stride, int qOff, int kOff, int vOff, int gdOff,
                                       const float* gateUp, const float* gateBias, int R, float tau, float scale,
                                       float* state, float* o, int t, int heads, int dk, int dv) {
    extern __shared__ float sh[];
    float* sq = sh;            // [dk]
    float* sk = sq + dk;       // [dk]
    float* sa = sk + dk;       // [dk]
    float* sred = sa + dk;     // [G][32]
    int h = blockIdx.x, lane = threadIdx.x & 31, g = threadIdx.x >> 5, G = blockDim.x >> 5;
    int col = blockIdx.y * 32 + lane;
    float s[GLA_ROWS];
    float* st = state + (size_t) h * dk * dv;
    for (int r = 0; r < GLA_ROWS; r++) {
        int i = g + r * G;
        s[r] = (i < dk && col < dv) ? st[(size_t) i * dv + col] : 0.f;
    }
    for (int tok = 0; tok < t; tok++) {
        const float* row = proj + (size_t) tok * stride;
        for (int i = threadIdx.x; i < dk; i += blockDim.x) {
            int ki = h * dk + i;
            float z = gateBias[ki];
            for (int r = 0; r < R; r++) z += row[gdOff + r] * gateUp[(size_t) ki * R + r];
            float ls = fminf(z, 0.f) - log1pf(expf(-fabsf(z)));
            sa[i] = expf(ls / tau);
            sq[i] = row[qOff + ki] * scale;
            sk[i] = row[kOff + ki];
        }
        __syncthreads();
        float v = col < dv ? row[vOff + h * dv + col] : 0.f;
        float acc = 0.f;
        for (int r = 0; r < GLA_ROWS; r++) {
            int i = g + r * G;
            if (i < dk) {
                s[r] = sa[i] * s[r] + sk[i] * v;
                acc += sq[i] * s[r];
            }
        }
        sred[g * 32 + lane] = acc;
        __syncthreads();
        if (g == 0 && col < dv) {
            float total = 0.f;
            for (int k = 0; k < G; k++) total += sred[k * 32 + lane];
            o[(size_t) tok * heads * dv + h * dv + col] = total;
        }
        __syncthreads();
    }
    for (int r = 0; r < GLA_ROWS; r++) {
        int i = g + r * G;
        if (i < dk && col < dv) st[(size_t) i * dv + col] = s[r];
    }
}

// out[t][h][j] = RMSNorm(o[t][h])[j] · gNorm[j] · silu(gate[t][h·dv + j]), gate read from rows of width gateStride at
// gateOff; stored in dtype dt. grid: t·heads, block 128
extern "C" __global__ void bl_gla_norm_gate(const float* o, int heads, int dv, const float* gNorm, float eps,
                                            const float* gate, int gateStride, int gateOff, void* out, int dt) {
    int row = blockIdx.x / heads, h = blockIdx.x % heads;
    const float* x = o + (size_t) blockIdx.x * dv;
    float ss = 0.f;
    for (int j = threadIdx.x; j < dv; j += blockDim.x) ss += x[j] * x[j];
    ss = block_reduce(ss, false);
    float inv = rsqrtf(ss / dv + eps);
    const float* gr = gate + (size_t) row * gateStride + gateOff + h * dv;
    for (int j = threadIdx.x; j < dv; j += blockDim.x) storew(out, (size_t) blockIdx.x * dv + j, dt, x[j] * inv * gNorm[j] * silu(gr[j]));
}
