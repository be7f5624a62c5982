#include "mpi_world.hpp"

#include <cstdlib>
#include <stdexcept>

#ifdef PATELLA_HAVE_MPI
#include <mpi.h>
#endif

namespace patella::cli {

#ifdef PATELLA_HAVE_MPI
namespace {
// mpirun (Open MPI's, or a PMI/PMIx launcher such as srun) marks the processes it starts
bool launched_by_mpirun() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}
}  // namespace
#endif

bool mpi_built() {
#ifdef PATELLA_HAVE_MPI
  return true;
#else
  return false;
#endif
}

MpiWorld::MpiWorld() {
#ifdef PATELLA_HAVE_MPI
  if (!launched_by_mpirun()) return;
  int provided = 0;
  // the sweep's threads never call MPI: only the main thread gathers
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  active = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
#endif
}

MpiWorld::~MpiWorld() {
#ifdef PATELLA_HAVE_MPI
  if (active) MPI_Finalize();
#endif
}

std::vector<std::string> MpiWorld::gather(const std::string& mine) const {
  if (!active || size == 1) return {mine};
#ifdef PATELLA_HAVE_MPI
  if (mine.size() > 2000000000u) throw std::runtime_error("a rank's samples exceed 2 GB of text");
  int n = static_cast<int>(mine.size());
  std::vector<int> counts(rank == 0 ? size : 0), offsets(rank == 0 ? size : 0);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (rank == 0) {
    long long total = 0;
    for (int r = 0; r < size; ++r) {
      offsets[r] = static_cast<int>(total);
      total += counts[r];
    }
    if (total > 2000000000LL) throw std::runtime_error("the gathered samples exceed 2 GB of text");
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(mine.data(), n, MPI_CHAR, all.data(), counts.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  if (rank == 0)
    for (int r = 0; r < size; ++r) out.push_back(all.substr(offsets[r], counts[r]));
  return out;
#else
  return {mine};
#endif
}

std::string MpiWorld::broadcast(const std::string& from_root) const {
  if (!active || size == 1) return from_root;
#ifdef PATELLA_HAVE_MPI
  long long n = static_cast<long long>(from_root.size());
  MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  if (n > 2000000000LL) throw std::runtime_error("the broadcast exceeds 2 GB of text");
  std::string out = rank == 0 ? from_root : std::string(static_cast<std::size_t>(n), '\0');
  MPI_Bcast(out.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
  return out;
#else
  return from_root;
#endif
}

void MpiWorld::barrier() const {
#ifdef PATELLA_HAVE_MPI
  if (active) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

void MpiWorld::abort(int code) const {
#ifdef PATELLA_HAVE_MPI
  if (active) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

}  // namespace patella::cli
