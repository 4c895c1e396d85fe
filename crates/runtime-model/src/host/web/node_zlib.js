// node:zlib for crosstalk (see host/node_zlib.rs for the native half).
(function (host) {
  "use strict";
  return {};
})
