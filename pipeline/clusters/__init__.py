"""Event clusters: mentions in different articles that report one happening become one cluster.

`mention` reduces an `events` row to what is compared, `scoring` compares two mentions with named,
weighted features, `assign` places mentions into clusters through blocking keys, and `store` reads and
writes the warehouse's `cluster_members` and `event_clusters` inside the load transaction.
"""
from .assign import Clusterer, Placement, blocking_keys
from .mention import ClusterMention, content_terms, document_vector
from .scoring import THRESHOLD, WEIGHTS, Match, compare

__all__ = ["Clusterer", "Placement", "blocking_keys", "ClusterMention", "content_terms", "document_vector",
           "THRESHOLD", "WEIGHTS", "Match", "compare"]
