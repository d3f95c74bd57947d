#!/usr/bin/env bash
# Installs the Debian packages the sandbox and the tests need, when missing:
# a JDK and Maven (Kafka from Maven Central), sshd (sandbox hosts), kcat
# (independent Kafka client), Chromium (browser tests), iproute2 (network
# namespaces). Quiet and quick when everything is already there.
set -euo pipefail

need=()
command -v java >/dev/null || need+=(default-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v kcat >/dev/null || need+=(kcat)
command -v chromium >/dev/null || need+=(chromium)
command -v ip >/dev/null || need+=(iproute2)
command -v pgrep >/dev/null || need+=(procps)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing system packages: ${need[*]}. Install them (as root: apt-get install ${need[*]})." >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# sshd's privilege-separation directory; absent on machines where sshd never ran.
mkdir -p /run/sshd 2>/dev/null || true
