// Starts pouchdb-server 4.2.0 (its own bin, same arguments) with one fix, so that a test which
// makes the app do something wrong gets CouchDB's answer instead of killing the server:
// a non-admin `PUT /db` (after the admin party) makes express-pouchdb's routes/db.js call
// db.info() on the promise PouchDB.new() then returns (the security plugin's check), and the
// TypeError ends the process. Here that promise's info(callback) waits for it: the request
// gets 401 {"error":"unauthorized","reason":"You are not authorized to access this db."} and
// no database is made (CouchDB 3: 401 {"error":"unauthorized","reason":"You are not a server
// admin."}).
// Only in this child process; nothing else is changed.
'use strict';
if (!Promise.prototype.info) {
  Object.defineProperty(Promise.prototype, 'info', {
    configurable: true,
    value(callback) {
      this.then((db) => db.info(callback), (err) => callback(err));
    },
  });
}
require('pouchdb-server/bin/pouchdb-server');
