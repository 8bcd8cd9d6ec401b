(unchanged)
