print("sum 6")
