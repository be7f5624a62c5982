#include "patella/model/kinematic_tree.hpp"

namespace patella {
namespace {
int index_of(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}
}  // namespace

int KinematicTree::body(const std::string& name) const { return index_of(bodies, name); }

int KinematicTree::joint(const std::string& name) const {
  for (std::size_t i = 0; i < joints.size(); ++i)
    if (joints[i].name == name) return static_cast<int>(i);
  return -1;
}

int KinematicTree::coordinate(const std::string& name) const {
  for (std::size_t i = 0; i < coordinates.size(); ++i)
    if (coordinates[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace patella
