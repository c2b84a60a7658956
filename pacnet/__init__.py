"""pacnet: free public computer and Internet access points in public libraries."""
