   0  ld [4]                   ; load architecture
   1  jneq #3221225655,137     ; foreign architecture: kill
   2  ld [0]                   ; load syscall number
   3  jeq #29,62               ; hot: ioctl
   4  jge #199,34              ; nr >= 199 (socketpair)
   5  jge #198,120             ; nr >= 198 (socket)
   6  jge #92,16               ; nr >= 92 (personality)
   7  jge #48,4                ; nr >= 48 (faccessat)
   8  jge #25,2                ; nr >= 25 (fcntl)
   9  jlt #19,129              ; nr >= 19 (eventfd2)
  10  jge #23,128,127          ; nr >= 23 (dup)
  11  jge #26,127,112          ; nr >= 26 (inotify_init1)
  12  jge #66,5                ; nr >= 66 (writev)
  13  jge #58,2                ; nr >= 58 (vhangup)
  14  jlt #49,123              ; nr >= 49 (chdir)
  15  jge #56,122,123          ; nr >= 56 (openat)
  16  jlt #62,122              ; nr >= 62 (lseek)
  17  jge #65,121,120          ; nr >= 65 (readv)
  18  jge #81,2                ; nr >= 81 (sync)
  19  jlt #69,118              ; nr >= 69 (preadv)
  20  jge #78,117,118          ; nr >= 78 (readlinkat)
  21  jlt #85,117              ; nr >= 85 (timerfd_create)
  22  jge #87,116,115          ; nr >= 87 (timerfd_gettime)
  23  jge #114,7               ; nr >= 114 (clock_getres)
  24  jlt #93,111              ; nr >= 93 (exit)
  25  jge #97,2                ; nr >= 97 (unshare)
  26  jlt #95,111              ; nr >= 95 (waitid)
  27  jge #96,110,111          ; nr >= 96 (set_tid_address)
  28  jge #100,1               ; nr >= 100 (get_robust_list)
  29  jge #98,108,109          ; nr >= 98 (futex)
  30  jge #113,107,108         ; nr >= 113 (clock_gettime)
  31  jge #167,6               ; nr >= 167 (prctl)
  32  jge #139,2               ; nr >= 139 (rt_sigreturn)
  33  jlt #134,105             ; nr >= 134 (rt_sigaction)
  34  jge #136,104,103         ; nr >= 136 (rt_sigpending)
  35  jge #160,1               ; nr >= 160 (uname)
  36  jge #140,102,101         ; nr >= 140 (setpriority)
  37  jge #161,101,100         ; nr >= 161 (sethostname)
  38  jge #168,100,57          ; nr >= 168 (getcpu)
  39  jge #261,18              ; nr >= 261 (prlimit64)
  40  jge #220,10              ; nr >= 220 (clone)
  41  jge #206,4               ; nr >= 206 (sendto)
  42  jge #201,1               ; nr >= 201 (listen)
  43  jge #200,64,95           ; nr >= 200 (bind)
  44  jlt #204,94              ; nr >= 204 (getsockname)
  45  jge #205,93,92           ; nr >= 205 (getpeername)
  46  jlt #207,65              ; nr >= 207 (recvfrom)
  47  jge #213,1               ; nr >= 213 (readahead)
  48  jge #212,89,90           ; nr >= 212 (recvmsg)
  49  jlt #214,89              ; nr >= 214 (brk)
  50  jge #216,88,87           ; nr >= 216 (mremap)
  51  jge #222,1               ; nr >= 222 (mmap)
  52  jge #221,86,39           ; nr >= 221 (execve)
  53  jge #226,1               ; nr >= 226 (mprotect)
  54  jge #223,84,65           ; nr >= 223 (fadvise64)
  55  jlt #227,60              ; nr >= 227 (msync)
  56  jlt #233,82              ; nr >= 233 (madvise)
  57  jge #234,81,40           ; nr >= 234 (remap_file_pages)
  58  jlt #262,41              ; nr >= 262 (fanotify_init)
  59  jge #293,2               ; nr >= 293 (rseq)
  60  jlt #277,78              ; nr >= 277 (seccomp)
  61  jge #280,77,76           ; nr >= 280 (bpf)
  62  jge #435,1               ; nr >= 435 (clone3)
  63  jge #294,75,74           ; nr >= 294 (kexec_file_load)
  64  jge #436,74              ; nr >= 436 (close_range)
  65  ret #327718              ; errno(ENOSYS)
  66  ld [24]                  ; load arg1 low word
  67  jeq #44672,70            ; ioctl: arg1 == 0xae80 (low 32 bits)
  68  jge #44610,11            ; ioctl: arg1 >= 0xae42 (low 32 bits)
  69  jge #35143,5             ; ioctl: arg1 >= 0x8947 (low 32 bits)
  70  jge #35105,2             ; ioctl: arg1 >= 0x8921 (low 32 bits)
  71  jlt #21505,67            ; ioctl: arg1 >= 0x5401 (low 32 bits)
  72  jge #21506,66,65         ; ioctl: arg1 >= 0x5402 (low 32 bits)
  73  jlt #35106,64            ; ioctl: arg1 >= 0x8922 (low 32 bits)
  74  jge #35142,63,64         ; ioctl: arg1 >= 0x8946 (low 32 bits)
  75  jge #44547,2             ; ioctl: arg1 >= 0xae03 (low 32 bits)
  76  jlt #44544,62            ; ioctl: arg1 >= 0xae00 (low 32 bits)
  77  jge #44546,61,60         ; ioctl: arg1 >= 0xae02 (low 32 bits)
  78  jlt #44549,59            ; ioctl: arg1 >= 0xae05 (low 32 bits)
  79  jge #44609,58,59         ; ioctl: arg1 >= 0xae41 (low 32 bits)
  80  jge #1075883591,5        ; ioctl: arg1 >= 0x4020ae47 (low 32 bits)
  81  jge #1074835115,2        ; ioctl: arg1 >= 0x4010aeab (low 32 bits)
  82  jlt #1074025674,56       ; ioctl: arg1 >= 0x400454ca (low 32 bits)
  83  jge #1074025675,55,54    ; ioctl: arg1 >= 0x400454cb (low 32 bits)
  84  jlt #1074835117,53       ; ioctl: arg1 >= 0x4010aead (low 32 bits)
  85  jge #1075883590,52,53    ; ioctl: arg1 >= 0x4020ae46 (low 32 bits)
  86  jge #1077980793,2        ; ioctl: arg1 >= 0x4040ae79 (low 32 bits)
  87  jlt #1075883694,51       ; ioctl: arg1 >= 0x4020aeae (low 32 bits)
  88  jge #1075883695,50,49    ; ioctl: arg1 >= 0x4020aeaf (low 32 bits)
  89  jge #2149625519,1        ; ioctl: arg1 >= 0x8020aeaf (low 32 bits)
  90  jge #1077980794,48,47    ; ioctl: arg1 >= 0x4040ae7a (low 32 bits)
  91  jge #2149625520,47,46    ; ioctl: arg1 >= 0x8020aeb0 (low 32 bits)
  92  ld [16]                  ; load arg0 low word
  93  jset #65536,0,45         ; clone: arg0 BitsSet 0x10000
  94  ld [16]                  ; load arg0 low word
  95  jset #2114060288,43,42   ; clone: arg0 BitsNotSet 0x7e020000
  96  ld [16]                  ; load arg0 low word
  97  jeq #38,40,41            ; prctl: arg0 Equal 0x26 (low 32 bits)
  98  ld [32]                  ; load arg2 low word
  99  jeq #4,38,39             ; madvise: arg2 Equal 0x4 (low 32 bits)
 100  ld [20]                  ; load arg0 high word
 101  jneq #0,37               ; prlimit64: arg0 Equal 0x0 (high word)
 102  ld [16]
 103  jneq #0,35               ; prlimit64: arg0 Equal 0x0
 104  ld [36]                  ; load arg2 high word
 105  jneq #0,33               ; prlimit64: arg2 Equal 0x0 (high word)
 106  ld [32]
 107  jeq #0,30,31             ; prlimit64: arg2 Equal 0x0
 108  ld [36]                  ; load arg2 high word
 109  jneq #0,29               ; bind: arg2 Equal 0xc (high word)
 110  ld [32]
 111  jeq #12,26,27            ; bind: arg2 Equal 0xc
 112  ld [60]                  ; load arg5 high word
 113  jneq #0,25               ; sendto: arg5 Equal 0xc (high word)
 114  ld [56]
 115  jeq #12,22,23            ; sendto: arg5 Equal 0xc
 116  ld [32]                  ; load arg2 low word
 117  jset #4,1,20             ; mprotect: arg2 BitsNotSet 0x4
 118  ld [32]                  ; load arg2 low word
 119  jset #2,19,18            ; mprotect: arg2 BitsNotSet 0x2
 120  ld [32]                  ; load arg2 low word
 121  jset #4,1,16             ; mmap: arg2 BitsNotSet 0x4
 122  ld [32]                  ; load arg2 low word
 123  jset #2,15,14            ; mmap: arg2 BitsNotSet 0x2
 124  ld [24]                  ; load arg1 low word
 125  jeq #4,12,13             ; fcntl: arg1 Equal 0x4 (low 32 bits)
 126  ld [16]                  ; load arg0 low word
 127  jneq #16,3               ; socket: arg0 Equal 0x10 (low 32 bits)
 128  ld [32]                  ; load arg2 low word
 129  jeq #0,8                 ; socket: arg2 Equal 0x0 (low 32 bits)
 130  ld [16]                  ; load arg0 low word
 131  jneq #2,7                ; socket: arg0 Equal 0x2 (low 32 bits)
 132  ld [24]                  ; load arg1 low word
 133  jneq #2,5                ; socket: arg1 Equal 0x2 (low 32 bits)
 134  ld [32]                  ; load arg2 low word
 135  jeq #0,2,3               ; socket: arg2 Equal 0x0 (low 32 bits)
 136  ld [16]                  ; load arg0 low word
 137  jneq #4294967295,1       ; personality: arg0 Equal 0xffffffff (low 32 bits)
 138  ret #2147418112          ; allow
 139  ret #2147483648          ; kill_process
