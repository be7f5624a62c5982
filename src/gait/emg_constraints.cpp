#include "patella/gait/emg_constraints.hpp"

#include <algorithm>

#include "patella/core/error.hpp"

namespace patella {

const std::vector<std::string>& emg_vl_muscles() {
  static const std::vector<std::string> v{"vll_r", "vlo_r", "vaslat_r"};
  return v;
}
const std::vector<std::string>& emg_vm_muscles() {
  static const std::vector<std::string> v{"vmo_r", "vml_r", "vasmed_r"};
  return v;
}
const std::vector<std::string>& emg_hamstring_muscles() {
  // the biarticular hamstrings a surface electrode records (biceps femoris long head,
  // semimembranosus, semitendinosus)
  static const std::vector<std::string> v{"bflh_r", "semimem_r", "semiten_r"};
  return v;
}
const std::vector<std::string>& emg_vasti_muscles() {
  static const std::vector<std::string> v{"vll_r", "vlo_r", "vaslat_r", "vmo_r", "vml_r", "vasmed_r", "vasint_r"};
  return v;
}

namespace {

std::vector<int> indices_of(const MuscleSet& set, const std::vector<std::string>& names, const char* group) {
  std::vector<int> out;
  for (std::size_t m = 0; m < set.muscles.size(); ++m)
    if (std::find(names.begin(), names.end(), set.muscles[m].name) != names.end())
      out.push_back(static_cast<int>(m));
  if (out.empty()) {
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    throw ModelError(std::string("emg_constrained control: the leg has none of the ") + group +
                     " muscles (" + list + ")");
  }
  return out;
}

// sum_{i in plus} a_i / |plus| - k sum_{j in minus} a_j / |minus| >= 0
ActivationConstraint at_least(const std::string& name, const std::vector<int>& plus, double k,
                              const std::vector<int>& minus) {
  ActivationConstraint c;
  c.name = name;
  for (int i : plus) {
    c.muscle.push_back(i);
    c.coefficient.push_back(1.0 / static_cast<double>(plus.size()));
  }
  for (int j : minus) {
    c.muscle.push_back(j);
    c.coefficient.push_back(-k / static_cast<double>(minus.size()));
  }
  return c;
}

}  // namespace

std::vector<ActivationConstraint> emg_constraints(const MuscleSet& set, const EmgBands& b) {
  if (!(b.vm_vl_min > 0.0 && b.vm_vl_min <= b.vm_vl_max))
    throw ModelError("emg_constrained control: the VM:VL band [" + fmt(b.vm_vl_min) + ", " +
                     fmt(b.vm_vl_max) + "] is empty or not positive");
  if (!(b.hamstring_floor >= 0.0 && b.hamstring_floor <= 1.0))
    throw ModelError("emg_constrained control: hamstring_floor " + fmt(b.hamstring_floor) +
                     " is outside [0, 1]");
  const std::vector<int> vl = indices_of(set, emg_vl_muscles(), "vastus lateralis");
  const std::vector<int> vm = indices_of(set, emg_vm_muscles(), "vastus medialis");
  const std::vector<int> ham = indices_of(set, emg_hamstring_muscles(), "hamstring");
  const std::vector<int> vasti = indices_of(set, emg_vasti_muscles(), "vasti");
  std::vector<ActivationConstraint> out;
  out.push_back(at_least("VM:VL >= " + fmt(b.vm_vl_min), vm, b.vm_vl_min, vl));
  // VM / VL <= max  <=>  VL >= VM / max
  out.push_back(at_least("VM:VL <= " + fmt(b.vm_vl_max), vl, 1.0 / b.vm_vl_max, vm));
  if (b.hamstring_floor > 0.0)
    out.push_back(at_least("hamstrings >= " + fmt(b.hamstring_floor) + " x vasti", ham,
                           b.hamstring_floor, vasti));
  return out;
}

}  // namespace patella
