// One decode step's slot memory in thread-block clusters (slot_step), fused with o_proj (slot_o; after slot_scan.cu and
// gemv.cu, whose helpers and gemv it runs).

// One decode token through the slot memory: key pass, readout and value pass (key_scan + value_scan above with t = 1,
// which stay as the plain form the tests compare to), run by slot_o below. A cluster of SLOT_CLUSTER blocks serves one
// kv head:
// block r keeps the key rows of slots [r·SLOTS_PER_BLOCK, (r+1)·SLOTS_PER_BLOCK) (one warp per slot, as key_scan) and
// the value columns [r·COLS_PER_BLOCK, (r+1)·COLS_PER_BLOCK) of every slot; each block computes the scores of its slots, reads the others' through distributed
// shared memory, and so has the whole readout for its columns. The state is read before waiting on the previous
// kernel (only this kernel writes it). The host uses it where COLS_PER_BLOCK ≤ 256 (one thread per column and
// slot group).
// It runs inside slot_o: once its part of o is written the block counts itself into ready[0] (the o_proj blocks
// wait for that).
constexpr int SLOTS_PER_BLOCK = (SLOTS + SLOT_CLUSTER - 1) / SLOT_CLUSTER;  // key rows a block keeps
constexpr int SLOTS_PER_WARP = (SLOTS_PER_BLOCK + 7) / 8;
constexpr int COLS_PER_BLOCK = (HEAD_V + SLOT_CLUSTER - 1) / SLOT_CLUSTER;  // value columns a block keeps
constexpr int SLOT_GROUPS = COLS_PER_BLOCK >= 256 ? 1 : 256 / COLS_PER_BLOCK; // threads per column
constexpr int SLOTS_PER_GROUP = (SLOTS + SLOT_GROUPS - 1) / SLOT_GROUPS;
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
    __shared__ float zs[GROUP][SLOTS_PER_BLOCK];      // scores of this block's slots
    __shared__ float p[GROUP][SLOTS];         // readout weights of all slots
    __shared__ float sa[SLOTS], sw[SLOTS], vn[SLOTS];
    __shared__ float red[SLOT_GROUPS][GROUP][COLS_PER_BLOCK];
    pdl_trigger(); // o_proj may start streaming its weights
    int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    float kst[SLOTS_PER_WARP][K_PER_LANE];
#pragma unroll
    for (int i = 0; i < SLOTS_PER_WARP; i++) {
        int ml = warp + 8 * i, m = r * SLOTS_PER_BLOCK + ml;
        bool live = ml < SLOTS_PER_BLOCK && m < SLOTS;
#pragma unroll
        for (int e = 0; e < K_PER_LANE; e++) {
            int j = lane + 32 * e;
            kst[i][e] = live && j < HEAD_K ? key_state[((size_t) h * SLOTS + m) * HEAD_K + j] : 0.f;
        }
    }
    int jc = tid % COLS_PER_BLOCK, sg = tid / COLS_PER_BLOCK, col = r * COLS_PER_BLOCK + jc;
    bool vlive = sg < SLOT_GROUPS && col < HEAD_V;
    float vst[SLOTS_PER_GROUP];
#pragma unroll
    for (int i = 0; i < SLOTS_PER_GROUP; i++) {
        int m = sg * SLOTS_PER_GROUP + i;
        vst[i] = vlive && m < SLOTS ? value_state[((size_t) h * SLOTS + m) * HEAD_V + col] : 0.f;
    }
    pdl_wait();
    float v = vlive ? qkvf[Q_WIDTH + K_WIDTH + h * HEAD_V + col] : 0.f; // issued with the key pass's loads, used in the value pass
    for (int i = tid; i < SLOTS; i += blockDim.x) {
        sa[i] = alpha[h * SLOTS + i];
        sw[i] = write[h * SLOTS + i];
        vn[i] = 0.f;
    }
    // key pass: K̃[m] ← α·K̃[m] + s·k̂, z[g][m] = ⟨K̃[m], q̂_g⟩
#pragma unroll
    for (int i = 0; i < SLOTS_PER_WARP; i++) {
        int ml = warp + 8 * i, m = r * SLOTS_PER_BLOCK + ml;
        if (ml >= SLOTS_PER_BLOCK || m >= SLOTS) continue;
        float nn = row_update<HEAD_K, K_PER_LANE>(kst[i], alpha[h * SLOTS + m], write[h * SLOTS + m], qkvf + Q_WIDTH + h * HEAD_K, lane);
#pragma unroll
        for (int g = 0; g < GROUP; g++) {
            float d = row_dot<HEAD_K, K_PER_LANE>(kst[i], qkvf + (h * GROUP + g) * HEAD_K, lane);
            if (lane == 0) {
                zs[g][ml] = d;
                if (z_probe) z_probe[(h * GROUP + g) * SLOTS + m] = d;
            }
        }
        if (key_norm) {
            nn = warp_sum(nn);
            if (lane == 0) key_norm[h * SLOTS + m] = sqrtf(nn);
        }
    }
    __syncthreads();
    cluster_sync(); // every block's scores are in place
    for (int i = tid; i < GROUP * SLOTS; i += blockDim.x) {
        int g = i / SLOTS, m = i % SLOTS;
        p[g][m] = ld_cluster(&zs[g][m % SLOTS_PER_BLOCK], m / SLOTS_PER_BLOCK);
    }
    __syncthreads();
    // readout over the active slots
    for (int g = warp; g < GROUP; g += 8)
        readout_row(p[g], p[g], active, readout, p_probe && r == 0 ? p_probe + (h * GROUP + g) * SLOTS : nullptr, -1);
    __syncthreads();
    // value pass: Ṽ[m][col] ← α·Ṽ[m][col] + s·v̂[col], o_g[col] = Σ_m p_g[m]·Ṽ[m][col]
    float acc[GROUP];
    value_update<SLOTS_PER_GROUP>(vst, sg * SLOTS_PER_GROUP, sa, sw, v, p[0], acc);
    if (value_norm) {
#pragma unroll
        for (int i = 0; i < SLOTS_PER_GROUP; i++) {
            int m = sg * SLOTS_PER_GROUP + i;
            if (m >= SLOTS) continue;
            float q2 = vst[i] * vst[i];
            if (COLS_PER_BLOCK % 32 == 0) { // a warp lies within one slot group: one shared-memory add per warp
                q2 = warp_sum(q2);
                if (lane == 0 && vlive) atomicAdd(&vn[m], q2);
            } else if (vlive) {
                atomicAdd(&vn[m], q2);
            }
        }
    }
    if (vlive) {
#pragma unroll
        for (int g = 0; g < GROUP; g++) red[sg][g][jc] = acc[g];
    }
    __syncthreads();
    for (int i = tid; i < GROUP * COLS_PER_BLOCK; i += blockDim.x) {
        int g = i / COLS_PER_BLOCK, j = i % COLS_PER_BLOCK, c = r * COLS_PER_BLOCK + j;
        if (c >= HEAD_V) continue;
        float sum = 0.f;
        for (int q = 0; q < SLOT_GROUPS; q++) sum += red[q][g][j];
        o[(h * GROUP + g) * HEAD_V + c] = sum;
    }
    __syncthreads();
    if (tid == 0) {
        __threadfence();
        atomicAdd(ready, 1u);
    }
#pragma unroll
    for (int i = 0; i < SLOTS_PER_WARP; i++) {
        int ml = warp + 8 * i, m = r * SLOTS_PER_BLOCK + ml;
        if (ml >= SLOTS_PER_BLOCK || m >= SLOTS) continue;
#pragma unroll
        for (int e = 0; e < K_PER_LANE; e++) {
            int j = lane + 32 * e;
            if (j < HEAD_K) key_state[((size_t) h * SLOTS + m) * HEAD_K + j] = kst[i][e];
        }
    }
#pragma unroll
    for (int i = 0; i < SLOTS_PER_GROUP; i++) {
        int m = sg * SLOTS_PER_GROUP + i;
        if (vlive && m < SLOTS) value_state[((size_t) h * SLOTS + m) * HEAD_V + col] = vst[i];
    }
    if (value_norm) {
        __syncthreads();
        cluster_sync(); // every block's partial sums of squares are in place
        if (r == 0)
            for (int m = tid; m < SLOTS; m += blockDim.x) {
                float t = 0.f;
                for (int q = 0; q < SLOT_CLUSTER; q++) t += ld_cluster(&vn[m], q);
                value_norm[h * SLOTS + m] = sqrtf(t);
            }
    }
    cluster_sync(); // no block leaves while another may still read its shared memory
#else
    __trap();
#endif
}

// One decode step's slot memory and o_proj (the g_norm GEMV, residual into x) in one launch, so that o_proj streams its
// weights while the slot memory is stepped and starts on o without a kernel boundary. Launched in clusters of
// SLOT_CLUSTER; the
// first HKV clusters to start (a ticket from ready[2]) step the slot memory, one kv head each; every other block is
// a GEMV block and waits, after issuing its first weights, until all KV_HEADS·SLOT_CLUSTER slot blocks have counted themselves into
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
    if (t < KV_HEADS) {
        slot_step(t, rank, key_state, value_state, qkvf, alpha, write, o, readout, active, z_probe, p_probe, key_norm,
                  value_norm, ready);
        return;
    }
    gemv<DT, 2, 1>(W, o, nw, eps, x, rows, cols, 1, PrepArgs{}, (t - KV_HEADS) * SLOT_CLUSTER + rank, gridDim.x - KV_HEADS * SLOT_CLUSTER, ready,
                   KV_HEADS * SLOT_CLUSTER);
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
SLOT_O(slot_o_f32, DTYPE_F32) SLOT_O(slot_o_f16, DTYPE_F16) SLOT_O(slot_o_bf16, DTYPE_BF16)
#undef SLOT_O
