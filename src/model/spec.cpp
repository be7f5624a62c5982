#include "patella/model/spec.hpp"

namespace patella {
namespace {
// Models hold tens of elements per kind, so a linear search is plenty fast.
template <class T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items)
    if (item.name == name) return &item;
  return nullptr;
}
}  // namespace

const BodySpec* ModelSpec::find_body(const std::string& n) const { return find_named(bodies, n); }
const JointSpec* ModelSpec::find_joint(const std::string& n) const { return find_named(joints, n); }
const WrapSpec* ModelSpec::find_wrap(const std::string& n) const { return find_named(wraps, n); }
const LigamentSpec* ModelSpec::find_ligament(const std::string& n) const {
  return find_named(ligaments, n);
}
const MuscleSpec* ModelSpec::find_muscle(const std::string& n) const {
  return find_named(muscles, n);
}
const ContactMeshSpec* ModelSpec::find_contact_mesh(const std::string& n) const {
  return find_named(contact_meshes, n);
}
const ContactForceSpec* ModelSpec::find_contact_force(const std::string& n) const {
  return find_named(contact_forces, n);
}

}  // namespace patella
