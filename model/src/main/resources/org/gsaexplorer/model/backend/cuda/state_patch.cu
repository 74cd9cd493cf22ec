// Patched restore (StatePatch): one part of one layer's batch state, [B][n] floats (key slots, value slots or conv
// history), becomes in every sequence b = blockIdx.y the base state's part [n] with floats [from[b], to[b]) taken from
// the donor's instead. The plain form is StateRegion.replace on the host.
extern "C" __global__ void state_patch(float* state, const float* __restrict__ base, const float* __restrict__ donor,
                                       const int* __restrict__ from, const int* __restrict__ to, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int b = blockIdx.y;
    state[(size_t) b * n + i] = i >= from[b] && i < to[b] ? donor[i] : base[i];
}
