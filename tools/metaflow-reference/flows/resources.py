# Java equivalent: a linear flow whose steps carry @Resources(cpu, memory, disk, gpu) and
# @Kubernetes(...) options (cpu/memory/disk/gpu, image, image pull policy and secrets, service
# account, secrets, node selector, tolerations, labels, annotations, tmpfs, shared memory, PVCs,
# guaranteed QoS, port, security context); one step has both (the larger value wins).
from metaflow import FlowSpec, kubernetes, resources, step


class ResourcesFlow(FlowSpec):
    @resources(cpu=2, memory=8000, disk=20000, gpu=1)
    @step
    def start(self):
        self.next(self.big)

    @kubernetes(
        cpu=3,
        memory=12000,
        disk=30000,
        gpu=2,
        gpu_vendor="amd",
        image="ghcr.io/example/trainer:1.2",
        image_pull_policy="Always",
        image_pull_secrets=["step-pull-secret"],
        service_account="step-sa",
        secrets=["step-secret-a", "step-secret-b"],
        node_selector={"pool": "gpu", "kubernetes.io/arch": "amd64"},
        tolerations=[
            {"key": "gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule"},
            {"key": "spot", "operator": "Exists"},
        ],
        labels={"team": "ml", "cost-center": "step-override"},
        annotations={"example.com/owner": "ml-team"},
        use_tmpfs=True,
        tmpfs_size=1024,
        tmpfs_path="/scratch",
        shared_memory=2048,
        persistent_volume_claims={"step-data": "/data"},
        qos="Guaranteed",
        port=8080,
        security_context={"run_as_user": 1000, "run_as_non_root": True, "privileged": False},
    )
    @step
    def big(self):
        self.next(self.both)

    @resources(cpu=4, memory=2000)
    @kubernetes(cpu=1, memory=6000, node_selector="disk=ssd,zone=a")
    @step
    def both(self):
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ResourcesFlow()
