// node:fs for crosstalk (see host/node_fs.rs for the native half).
(function (host) {
  "use strict";
  return {};
})
