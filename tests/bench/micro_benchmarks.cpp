// Micro-benchmarks of the simulator's hot paths (Google Benchmark, Debian's libbenchmark-dev):
// one router step, a mesh cycle at several loads, a core's row read and MAC, a neuron-unit step and
// a tile GEMM. A benchmark command, not a test: CI builds it and never times it;
// tools/bench/performance.sh runs it for docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <systemc>
#include <vector>

#include "hw/memristor/analog_tile.h"
#include "hw/neuron/glm_neuron_unit.h"
#include "hw/noc/mesh_network.h"
#include "hw/noc/traffic.h"
#include "hw/stt/stt_subarray.h"
#include "tests/analog_tile_fixtures.h"
#include "tests/test_networks.h"

namespace {

using spinaps::hw::Cycle;
namespace noc = spinaps::noc;

const int kQuietSystemC = ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);

/// A mesh under uniform Bernoulli traffic, warmed up so that every timed cycle is a steady-state one.
struct LoadedMesh {
  LoadedMesh(std::uint32_t side, double rate_flits_per_node_cycle) {
    noc::NocConfig config;
    config.rows = side;
    config.cols = side;
    config.fan_out = noc::FanOut::kUnicast;
    network = std::make_unique<noc::MeshNetwork>(config, nullptr);
    noc::TrafficSpec spec;
    spec.rate_flits_per_node_cycle = rate_flits_per_node_cycle;
    spec.payload_bits = 4 * config.flit_bits - config.header_bits;  // 4-flit packets
    spec.end_cycle = 0xFFFFFFFFULL;
    source = std::make_unique<noc::TrafficSource>(*network, spec);
    for (int warm = 0; warm < 2000; ++warm) step();
  }
  void step() {
    source->tick(now);
    network->tick(now);
    ++now;
  }
  std::unique_ptr<noc::MeshNetwork> network;
  std::unique_ptr<noc::TrafficSource> source;
  Cycle now = 0;
};

/// One mesh cycle (traffic generation, every router and interface) on an 8x8 mesh; the argument is
/// the offered load in thousandths of a flit per node per cycle.
void MeshCycle8x8(benchmark::State& state) {
  LoadedMesh mesh(8, static_cast<double>(state.range(0)) / 1000.0);
  for (auto _ : state) mesh.step();
  state.counters["router_cycles_per_s"] =
      benchmark::Counter(64.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(MeshCycle8x8)->Arg(10)->Arg(40)->Arg(100)->Arg(300);

/// One router step: a 1x2 mesh whose first node streams 4-flit packets to the second as fast as
/// the credits allow, so both routers move a flit on nearly every cycle.
void RouterStep(benchmark::State& state) {
  noc::NocConfig config;
  config.rows = 1;
  config.cols = 2;
  noc::MeshNetwork network(config, nullptr);
  Cycle now = 0;
  std::uint64_t tag = 0;
  for (auto _ : state) {
    if (now % 4 == 0) network.inject(noc::Packet{tag++, 0, {1}, 224}, now);
    network.tick(now++);
  }
  state.counters["routers"] = 2;
}
BENCHMARK(RouterStep);

/// A core's row read and MAC: decode one 256-bit STT row (B = 4, K = 2: 32 neurons) and accumulate
/// it into the neuron unit, as SpinapsCore::consume_row does per active row.
void CoreRowReadAndMac(benchmark::State& state) {
  spinaps::snn::SnnConfig shape;
  shape.inputs = 256;
  shape.outputs = 32;
  const spinaps::snn::QuantisedNetwork network = spinaps::testing::make_random_network(shape, 3);
  spinaps::stt::CrossbarConfig crossbar;
  const std::uint32_t columns = shape.outputs * shape.basis_functions * shape.weight_bits;
  spinaps::stt::SttSubarray subarray(crossbar, columns, 1, 0, spinaps::stt::SttFaultConfig{}, 1);
  for (std::uint32_t row = 0; row < shape.inputs; ++row) {
    for (std::uint32_t col = 0; col < columns; ++col) subarray.program(row, col, ((row * 7 + col * 13) % 5) < 2);
  }
  spinaps::neuron::GlmNeuronUnit unit(spinaps::neuron::NeuronUnitConfig{}, network, "bench");
  unit.clear();
  unit.load_bias();
  std::vector<std::int32_t> weights(static_cast<std::size_t>(shape.outputs) * shape.basis_functions);
  const std::vector<std::uint32_t> traces = {5, 9};
  std::uint32_t row = 0;
  for (auto _ : state) {
    const std::uint64_t read = subarray.start_read(row, row);
    subarray.sensed_weights(row, shape.outputs * shape.basis_functions, shape.weight_bits, read, weights.data());
    unit.accumulate(0, shape.outputs, weights.data(), traces.data());
    row = (row + 1) % shape.inputs;
  }
  state.counters["macs_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * shape.outputs * shape.basis_functions, benchmark::Counter::kIsRate);
}
BENCHMARK(CoreRowReadAndMac);

/// A neuron-unit step after the rows: feedback MACs and firing (sigmoid LUT, RNG draw, compare) for
/// 500 neurons, the hidden layer of configs/spinaps_784x500x10.json.
void NeuronUnitStep(benchmark::State& state) {
  spinaps::snn::SnnConfig shape;
  shape.inputs = 64;
  shape.outputs = 500;
  const spinaps::snn::QuantisedNetwork network = spinaps::testing::make_random_network(shape, 5);
  spinaps::neuron::GlmNeuronUnit unit(spinaps::neuron::NeuronUnitConfig{}, network, "bench");
  unit.clear();
  std::vector<std::uint32_t> spiking;
  std::uint32_t step = 0;
  for (auto _ : state) {
    unit.load_bias();
    benchmark::DoNotOptimize(unit.accumulate_feedback());
    spiking.clear();
    unit.fire(1, 0, ++step, 0, spiking);
    benchmark::DoNotOptimize(spiking.data());
  }
  state.counters["neurons_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * shape.outputs, benchmark::Counter::kIsRate);
}
BENCHMARK(NeuronUnitStep);

/// A tile GEMM: one 128x128 RRAM tile (8-bit weights on 16-level devices, bit-serial 8-bit inputs,
/// calibrated 8-bit ADCs) multiplying 64 input vectors.
void TileGemm(benchmark::State& state) {
  namespace fx = spinaps::memristor::fixtures;
  const std::int64_t k = 128, m = 64, positions = 64;
  const std::vector<float> w = fx::random_weights(k * m, 1.0, 7);
  std::mt19937_64 program_rng(11);
  const spinaps::memristor::DeviceModel device(fx::test_device(16));
  spinaps::memristor::CrossbarMatrix matrix(device, fx::test_geometry(128, 128, 8, 8), w.data(), k, m, 1.0,
                                            program_rng);
  std::vector<std::int32_t> inputs = fx::random_codes(k * positions, 8, false, 13);
  // ReLU activations are often zero; a third of these are, as the bit-serial inputs of a CNN layer.
  for (std::size_t i = 0; i < inputs.size(); i += 3) inputs[i] = 0;
  matrix.observe_for_calibration(inputs.data(), positions, false);
  matrix.calibrate_adc();
  std::vector<float> outputs(static_cast<std::size_t>(positions * m));
  spinaps::memristor::TileTally tally;
  std::mt19937_64 read_rng(17);
  for (auto _ : state) {
    matrix.multiply(inputs.data(), positions, false, 1.0, outputs.data(), tally, read_rng);
    benchmark::DoNotOptimize(outputs.data());
  }
  state.counters["macs_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * k * m * positions, benchmark::Counter::kIsRate);
}
BENCHMARK(TileGemm);

}  // namespace

int sc_main(int argc, char* argv[]) {
  (void)kQuietSystemC;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
