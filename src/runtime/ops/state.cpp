// state: the OCI state of one container, and the config saved at create.
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "oci/spec_parse.hpp"
#include "runtime/ops.hpp"

namespace berth::runtime {

oci::State container_state(const StateStore& store, const std::string& id) {
  return store.oci_state(store.must_load(id));
}

oci::Spec saved_spec(const StateStore& store, const std::string& id) {
  std::string path = store.dir(id) + "/config.json";
  return oci::parse_spec(read_file(path), path);
}

}  // namespace berth::runtime
