"""Phase 2: the repository graph joins what every file says about agents, identities and gates.

`facts` are what phase 1 returns per file; `Graph` joins them; `RepositoryCheck`s judge the graph.
"""
