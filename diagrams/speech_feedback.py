"""Real-time speech feedback service architecture

Mobile apps on iOS and Android run voice activity detection and stream 20 to 40 ms PCM audio
frames with sequence IDs over a WebSocket to an edge gateway, which terminates TLS, authenticates
the user and routes the stream to the nearest regional Kubernetes cluster. There, a stateless Go
realtime inference service receives the audio over a gRPC stream, extracts features and passes
them to an ASR router, which picks, by language, device and load, either a managed ASR service
outside the cluster or a self-hosted, Whisper-derived ASR model on GPUs. Both return transcripts
to the scoring and feedback service, which aligns phonemes, scores them and sends feedback events
every 100 ms back through the gateway to the app over the same WebSocket. Redis holds session
state, partial results and idempotency keys, which the scorer uses to drop duplicate frames;
Kafka gives retried work an asynchronous hand-off back to the ASR router. A horizontal pod
autoscaler scales the pods on requests per second and GPU utilisation. OpenTelemetry traces and
Prometheus metrics from the cluster feed SLO dashboards and alerts.
"""

from diagrams.gcp.compute import GPU
from diagrams.gcp.ml import SpeechToText
from diagrams.generic.device import Mobile
from diagrams.generic.network import Firewall
from diagrams.k8s.clusterconfig import HPA
from diagrams.k8s.compute import Pod
from diagrams.onprem.inmemory import Redis
from diagrams.onprem.monitoring import Prometheus
from diagrams.onprem.queue import Kafka
from diagrams.programming.flowchart import Decision
from diagrams.programming.language import Go

from _style import aside, both, box, diagram, flow, group, same_rank

REGION = "Regional Kubernetes cluster (one per region)"

with diagram(__file__, direction="TB"):
    app = Mobile("Mobile app (iOS, Android)\nvoice activity detection")
    edge = Firewall("Edge gateway\nTLS, auth,\nregional routing")
    managed = SpeechToText("Managed ASR")

    with group(REGION):
        inference = Go("Realtime inference\nGo, stateless\nfeature extraction")
        redis = Redis("Redis\nsession state,\npartial results,\nidempotency keys")
        kafka = Kafka("Kafka\nasync hand-off\non retries")
        router = Decision("ASR router\nby language,\ndevice, load")
        gpu = GPU("Self-hosted ASR\nWhisper-derived\non GPUs")
        hpa = HPA("HPA autoscaling\non RPS and\nGPU utilisation")
        scoring = Pod("Scoring + feedback\nphoneme alignment")

    with group("Observability"):
        otel = box("OpenTelemetry\ntraces")
        prom = Prometheus("Prometheus\nmetrics, SLO\ndashboards, alerts")

    app >> both("WebSocket: PCM frames\n(20–40 ms) and feedback") >> edge
    edge >> flow("gRPC stream") >> inference >> flow("features") >> router
    router >> flow() >> [managed, gpu]
    [managed, gpu] >> flow("transcripts") >> scoring
    scoring >> flow("feedback\nevents every\n100 ms") >> edge
    inference >> aside() >> redis
    scoring >> aside("dedupe") >> redis
    inference >> aside() >> kafka
    kafka >> aside() >> router
    hpa >> aside() >> gpu
    scoring >> aside(ltail="cluster_" + REGION) >> otel
    otel >> prom

    same_rank(app, edge)
    same_rank(redis, inference, kafka)
    same_rank(managed, gpu, hpa)
    same_rank(scoring, otel)
