// See broker-global-setup.js: stops the Kafka broker if this test run started it.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { brokerRunning, ROOT } = require('./broker-global-setup');

module.exports = async () => {
  if (process.env.NDP_TEST_BROKER_WAS_RUNNING !== '0' || !brokerRunning()) return;
  spawnSync(join(ROOT, 'scripts', 'kafka', 'stop.sh'), { cwd: ROOT, stdio: 'ignore', timeout: 60_000 });
};
