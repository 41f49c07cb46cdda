# SPDX-License-Identifier: Apache-2.0
# Ordinary Python work under the default profile: threads, a subprocess,
# temporary files, hashing, JSON.
import hashlib
import json
import os
import subprocess
import tempfile
import threading

results = []


def work(i):
    results.append(hashlib.sha256(str(i).encode()).hexdigest()[:8])


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "data.json")
    with open(path, "w") as f:
        json.dump(sorted(results), f)
    os.chmod(path, 0o600)
    with open(path) as f:
        data = json.load(f)

out = subprocess.run(["echo", "child"], capture_output=True, text=True, check=True)
print(len(data), out.stdout.strip())
