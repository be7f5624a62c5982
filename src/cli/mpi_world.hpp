#pragma once
// MPI for `patella sweep` under mpirun (Open MPI): initialised only when the process was
// launched by mpirun, so every other use of the program never starts MPI. Without
// PATELLA_HAVE_MPI (a build without Open MPI) the world is one process.
#include <string>
#include <vector>

namespace patella::cli {

struct MpiWorld {
  int rank = 0, size = 1;
  bool active = false;  ///< MPI_Init was called (finalised by the destructor)
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  /// Rank 0 receives every rank's text, in rank order; the others get an empty list.
  std::vector<std::string> gather(const std::string& mine) const;
  void barrier() const;
  /// Every rank receives rank 0's text.
  std::string broadcast(const std::string& from_root) const;
  /// Ends every rank at once with `code` (a rank that fails alone must not leave the others
  /// waiting in a gather).
  [[noreturn]] void abort(int code) const;
};

/// Whether this build can run under mpirun.
bool mpi_built();

}  // namespace patella::cli
