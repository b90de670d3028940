// Tests that need Kafka start the broker of scripts/kafka (idempotent, shared by every test
// file). A run that started it stops it at the end (broker-global-teardown.js); a broker that
// was already up (.ci/run's, or one a developer keeps running) is left as it was.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

function brokerRunning() {
  return spawnSync('bash', ['-c', '. scripts/kafka/common.sh && kafka_running_pid'], { cwd: ROOT, stdio: 'ignore' }).status === 0;
}

module.exports = async () => {
  process.env.NDP_TEST_BROKER_WAS_RUNNING = brokerRunning() ? '1' : '0';
};
module.exports.brokerRunning = brokerRunning;
module.exports.ROOT = ROOT;
