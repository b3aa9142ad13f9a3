#!/usr/bin/env bash
# Raw signature verifications/s of ES256 and SM2 (JMH), the ceiling of code verification.
exec "$(dirname "$0")/run.sh" SignatureBenchmark "$@"
