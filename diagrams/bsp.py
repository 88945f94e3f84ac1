"""Barclays Streaming Platform (BSP) architecture

Tenants, from small accounts to high-volume trading systems, produce into Kafka topics that are
partitioned per tenant and replicated, with acks=all on the producers, configured with the aim
of zero data loss. Flink jobs
consume those topics with exactly-once processing and send real-time analytics, trade monitoring
and alerts to traders. Kafka and Flink run on hybrid clusters: on-prem servers for low-latency
trading and AWS ECS for elastic scale. AWS KMS keys encrypt the platform's data and tenants
authenticate to Kafka with certificates issued through CSM. Prometheus collects Kafka lag and
Flink latency from the clusters, and Grafana turns them into dashboards for traders. A GitLab
CI/CD onboarding pipeline provisions each new tenant: it sets up role-based authentication and
issues the tenant's certificate through CSM automatically.
"""

from diagrams.aws.compute import ECS
from diagrams.aws.security import CertificateAuthority, KMS
from diagrams.onprem.analytics import Flink
from diagrams.onprem.ci import GitlabCI
from diagrams.onprem.client import Client, Users
from diagrams.onprem.compute import Server
from diagrams.onprem.monitoring import Grafana, Prometheus
from diagrams.onprem.queue import Kafka

from _style import aside, diagram, flow, group, same_rank

HYBRID = "Hybrid clusters"

with diagram(__file__, direction="LR"):
    onboarding = GitlabCI("Onboarding\nGitLab CI/CD")

    with group("Tenants"):
        trading = Client("Trading systems\n(high volume)")
        small = Client("Small accounts,\nother tenants")

    with group("Security"):
        csm = CertificateAuthority("CSM certificates\ntenant auth")
        kms = KMS("AWS KMS\nencryption")

    with group(HYBRID):
        kafka = Kafka("Kafka topics\npartition per tenant\nreplicated, acks=all")
        flink = Flink("Flink jobs\nexactly-once")
        with group("Hosted on", bgcolor="#F4F8FB"):
            onprem = Server("On-prem servers\nlow-latency trading")
            ecs = ECS("AWS ECS\nelastic scale")

    traders = Users("Traders\nanalytics, trade\nmonitoring, alerts")

    with group("Monitoring", labelloc="b"):
        prom = Prometheus("Prometheus\nKafka lag,\nFlink latency")
        grafana = Grafana("Grafana\ntrader\ndashboards")

    onboarding >> aside("issue cert") >> csm
    onboarding >> aside("tenant\nprovisioning,\nroles") >> kafka
    [trading, small] >> flow("produce") >> kafka
    csm >> aside() >> kafka
    kms >> aside(lhead="cluster_" + HYBRID) >> flink
    kafka >> flow() >> flink
    flink >> flow() >> traders
    ecs >> aside(ltail="cluster_" + HYBRID) >> prom
    prom >> grafana >> aside() >> traders

    same_rank(onboarding, trading, small)
    same_rank(csm, kafka, onprem)
    same_rank(kms, flink, ecs)
    same_rank(traders, grafana, prom)
