// v2 hugetlb controller: hugetlb.<size>.max, and its reservation twin where the kernel has it.
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {

Plan plan_hugetlb(const std::vector<oci::HugepageLimit>& limits) {
  Plan plan;
  for (const auto& l : limits) {
    check_page_size(l.page_size);
    std::string value = std::to_string(l.limit);
    plan.push_back({"hugetlb." + l.page_size + ".max", value});
    plan.push_back({"hugetlb." + l.page_size + ".rsvd.max", value, true});
  }
  return plan;
}

}  // namespace berth::cgroups::v2
