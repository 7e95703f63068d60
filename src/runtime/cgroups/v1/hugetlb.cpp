// v1 hugetlb controller: a limit per page size, and its reservation twin where the kernel has it.
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v1/controllers.hpp"

namespace berth::cgroups::v1 {

Plan plan_hugetlb(const std::vector<oci::HugepageLimit>& limits) {
  Plan plan;
  for (const auto& l : limits) {
    check_page_size(l.page_size);
    std::string value = std::to_string(l.limit);
    plan.push_back({"hugetlb." + l.page_size + ".limit_in_bytes", value});
    // Reservations (5.7+) would otherwise let a task reserve past the limit (runc does the same).
    plan.push_back({"hugetlb." + l.page_size + ".rsvd.limit_in_bytes", value, true});
  }
  return plan;
}

}  // namespace berth::cgroups::v1
